package centre

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"halld/centre/ingest"
	"halld/centre/provision"
	"halld/centre/store"
	"halld/centre/web"
)

// Connect opens the centre's NATS connection: its nkey, the servers' CA
// when TLS is on, reconnecting for ever.
func Connect(cfg Config, log *slog.Logger) (*nats.Conn, error) {
	nkey, err := nats.NkeyOptionFromSeed(cfg.NATS.Credentials)
	if err != nil {
		return nil, fmt.Errorf("centre: nats.credentials: %w", err)
	}
	// Retry the first connection too: the server may start after the
	// centre, or be reloading its authorization at that moment.
	opts := []nats.Option{nkey, nats.Name("halld-centre"), nats.MaxReconnects(-1), nats.RetryOnFailedConnect(true),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) { log.Warn("centre: nats disconnected", "err", err) }),
		nats.ReconnectHandler(func(c *nats.Conn) { log.Info("centre: nats reconnected", "url", c.ConnectedUrl()) }),
	}
	if cfg.NATS.CA != "" {
		opts = append(opts, nats.RootCAs(cfg.NATS.CA))
	}
	nc, err := nats.Connect(strings.Join(cfg.NATS.URLs, ","), opts...)
	if err != nil {
		return nil, fmt.Errorf("centre: nats %s: %w", strings.Join(cfg.NATS.URLs, ","), err)
	}
	return nc, nil
}

// Provisioner returns the provisioner of a config over an open store; js
// may be nil (files only).
func Provisioner(cfg Config, st *store.Store, js jetstream.JetStream, log *slog.Logger) *provision.Provisioner {
	return &provision.Provisioner{Store: st, JS: js, CentreSeed: cfg.NATS.Credentials, AuthFile: cfg.NATS.AuthFile,
		PidFile: cfg.NATS.PidFile, SeedDir: cfg.NATS.SeedDir, Replicas: cfg.Halls.Replicas, MaxAge: cfg.Retention(), Log: log}
}

// Run is the centre: it listens on cfg.HTTP.Listen and serves until ctx
// ends.
func Run(ctx context.Context, cfg Config, log *slog.Logger) error {
	ln, err := net.Listen("tcp", cfg.HTTP.Listen)
	if err != nil {
		return fmt.Errorf("centre: http.listen: %w", err)
	}
	return Serve(ctx, cfg, log, ln)
}

// Option changes how Serve runs, for tests and demos.
type Option func(*options)

type options struct{ now func() time.Time }

// WithClock makes the page's "today", the staleness of live records and
// the overdue lists follow now instead of the system clock.
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// Serve is Run on a listener the caller opened (a test, a demo network).
func Serve(ctx context.Context, cfg Config, log *slog.Logger, ln net.Listener, opts ...Option) error {
	var o options
	for _, f := range opts {
		f(&o)
	}
	defer ln.Close()
	st, err := store.Open(ctx, cfg.Postgres.DSN, log)
	if err != nil {
		return err
	}
	defer st.Close()
	// The authorization file follows the database (a restore, a hand
	// edit undone); the reload is best effort: the server may not run yet.
	if err := Provisioner(cfg, st, nil, log).WriteAuth(ctx); err != nil {
		if !errors.Is(err, provision.ErrReload) {
			return err
		}
		log.Warn("centre: nats-server not reloaded", "err", err)
	}
	nc, err := Connect(cfg, log)
	if err != nil {
		return err
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return err
	}
	in := ingest.New(js, st, log, ingest.Options{Replicas: cfg.Halls.Replicas, MaxAge: cfg.Retention()})
	admins := make([]web.Admin, len(cfg.Admins))
	for i, a := range cfg.Admins {
		admins[i] = web.Admin{ID: a.ID, Name: a.Name, PINHash: a.PINHash}
	}
	ws := &web.Server{Store: st, Ingest: in, Admins: admins, Log: log, Now: o.now,
		Stale: time.Duration(cfg.Halls.StaleSeconds) * time.Second}
	srv := &http.Server{Handler: ws.Handler(), ReadHeaderTimeout: 10 * time.Second}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // the page serves from PostgreSQL while JetStream is not there yet
		defer wg.Done()
		for {
			err := provision.EnsureBuckets(ctx, js, cfg.Halls.Replicas)
			if err == nil {
				break
			}
			log.Warn("centre: waiting for JetStream", "err", err)
			select {
			case <-ctx.Done():
				return
			case <-time.After(2 * time.Second):
			}
		}
		in.Run(ctx)
	}()
	go func() {
		defer wg.Done()
		<-ctx.Done()
		sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer scancel()
		srv.Shutdown(sctx)
	}()
	log.Info("centre serving", "url", "http://"+ln.Addr().String()+"/centre/")
	err = srv.Serve(ln)
	cancel()
	wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}
