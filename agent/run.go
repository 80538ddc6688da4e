package agent

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"halld/agent/outbox"
	"halld/equip"
	"halld/internal/httpjson"
)

// Options run a board's agent.
type Options struct {
	Config *Config
	Data   string // directory of the outbox file
	// Listen, if set, serves the board's status (GET /agent/status) and,
	// for simulated devices, the /sim/ page.
	Listen string
	Log    *slog.Logger
	Stdout io.Writer // where the start-up lines go
	// Ready, if set, is called once serving, with the status address.
	Ready func(addr string)
}

// Run runs the board until ctx ends.
func Run(ctx context.Context, o Options) error {
	c := o.Config
	log := o.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log = log.With("board", c.Agent.Board)
	tok, err := readToken(c.Agent.TokenFile)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(o.Data, 0o750); err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	box, err := outbox.Open(filepath.Join(o.Data, "outbox.db"))
	if err != nil {
		return err
	}
	defer box.Close() // last
	if n := box.Len(); n > 0 {
		log.Info("agent: presses waiting from before", "count", n)
	}
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	link := NewLink(c.Agent.Hub, tok, box, log)
	if c.Agent.CAFile != "" {
		pem, err := os.ReadFile(c.Agent.CAFile)
		if err != nil {
			return fmt.Errorf("agent.ca_file: %w", err)
		}
		roots := x509.NewCertPool()
		if !roots.AppendCertsFromPEM(pem) {
			return fmt.Errorf("agent.ca_file: %s holds no PEM certificate (copy the hub's /ca.crt)", c.Agent.CAFile)
		}
		link.TrustRoots(roots)
	}
	eq, err := equip.StartLinked(ctx, link, c.Devices, log)
	if err != nil {
		return err
	}
	link.UseDevices(c.Devices, eq.KioskPrinters(), eq.PaperWidths())
	eq.StartButtons(ctx, link)
	linkDone := make(chan struct{})
	go func() {
		defer close(linkDone)
		link.Run(ctx, time.Duration(c.Agent.HeartbeatS)*time.Second)
	}()
	defer func() { stop(); <-linkDone }() // before the outbox closes

	fmt.Fprintf(o.Stdout, "halld agent: board %s, hub %s, %d presses waiting\n", c.Agent.Board, c.Agent.Hub, box.Len())
	if o.Listen == "" {
		<-ctx.Done()
		return nil
	}
	ln, err := net.Listen("tcp", o.Listen)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /agent/status", func(w http.ResponseWriter, r *http.Request) { httpjson.WriteJSON(w, http.StatusOK, link.Status()) })
	eq.RegisterSim(mux)
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	fmt.Fprintf(o.Stdout, "  status: http://%s/agent/status\n", ln.Addr())
	if o.Ready != nil {
		o.Ready(ln.Addr().String())
	}
	select {
	case <-ctx.Done():
	case err = <-served:
	}
	sctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	hs.Shutdown(sctx)
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}
