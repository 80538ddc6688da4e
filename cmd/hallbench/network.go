package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"halld/internal/natsproc"
	"halld/internal/pgtemp"
	"halld/queue"
	"halld/queue/hall"
)

// networkReport is what `hallbench network` measured: the lag from a
// hall's commit to the centre's database, over every event stored.
type networkReport struct {
	Date     string  `json:"date"`
	Halls    int     `json:"halls"`
	Rate     float64 `json:"rate_per_hall"`
	Seconds  float64 `json:"seconds"`
	Events   int64   `json:"events_stored"`
	LagP50MS float64 `json:"lag_p50_ms"`
	LagP99MS float64 `json:"lag_p99_ms"`
	LagMaxMS float64 `json:"lag_max_ms"`
	Centre   string  `json:"centre"`
	// Violations: a hall whose events the centre does not hold exactly
	// once, 1…last.
	Violations []string `json:"violations"`
}

func (r *networkReport) text(w io.Writer) {
	fmt.Fprintf(w, "network: %d halls × %.2f tickets/s for %.0f s\n", r.Halls, r.Rate, r.Seconds)
	fmt.Fprintf(w, "  events stored at the centre: %d\n", r.Events)
	fmt.Fprintf(w, "  lag hall commit → centre database: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", r.LagP50MS, r.LagP99MS, r.LagMaxMS)
	for _, v := range r.Violations {
		fmt.Fprintf(w, "  VIOLATION: %s\n", v)
	}
}

// demoPIN is every demo login's PIN: the halls' clerks and the centre's
// admin (the centre refuses short PINs only where it hashes them itself).
const demoPIN = "246810"

// runNetwork is `hallbench network`: a whole network on this machine — a
// nats-server with JetStream, a PostgreSQL in a temporary directory, the
// centre and o.Halls halls (real halld processes), each driven by
// simulated kiosks and clerks. With -duration 0 it runs until interrupted
// (the README's demo); otherwise it reports the link's lag at the end.
func runNetwork(ctx context.Context, o options, out io.Writer) (*networkReport, error) {
	work, err := tempDir("hallnet-")
	if err != nil {
		return nil, err
	}
	if !o.Keep {
		defer os.RemoveAll(work)
	}
	var logw io.Writer
	if o.Verbose {
		logw = os.Stderr
	}
	fmt.Fprintf(out, "network: building halld and nats-server, starting PostgreSQL in %s\n", work)
	bin := o.Halld
	if bin == "" {
		if bin, err = buildHalld(ctx, work, false); err != nil {
			return nil, err
		}
	}
	pg, err := pgtemp.Start(ctx, filepath.Join(work, "pg"))
	if err != nil {
		return nil, err
	}
	defer pg.Stop()

	natsDir := filepath.Join(work, "nats")
	if err := os.MkdirAll(natsDir, 0o700); err != nil {
		return nil, err
	}
	pinHash, err := hall.HashPIN(demoPIN)
	if err != nil {
		return nil, err
	}
	conf := filepath.Join(work, "centre.toml")
	replicas := 1
	if o.Cluster {
		replicas = 3
	}
	writeCentre := func(urls ...string) error {
		return os.WriteFile(conf, []byte(centreTOML(work, natsDir, urls, replicas, pg.DSN, o.Listen, pinHash)), 0o600)
	}
	// init writes the centre's seed and the authorization file the server
	// includes, so it runs before the server and needs no server URL yet.
	if err := writeCentre("nats://127.0.0.1:1"); err != nil {
		return nil, err
	}
	if err := halldCmd(ctx, bin, logw, "centre", "init", "-config", conf); err != nil {
		return nil, err
	}
	// nats-server resolves an include against the including file's
	// directory: every node's directory is a sibling of natsDir.
	auth := "include \"../nats/halls-auth.conf\"\n"
	var nodes []*natsproc.Server
	if o.Cluster {
		// Three local nodes sharing the centre's authorization file. They
		// share one pid_file too (the centre reloads whichever wrote it
		// last), so the bench reloads every node after adding halls.
		dirs := []string{filepath.Join(work, "n1"), filepath.Join(work, "n2"), filepath.Join(work, "n3")}
		nodes, err = natsproc.StartCluster(ctx, dirs, natsproc.Options{
			Config: fmt.Sprintf("pid_file: %q\n%s", filepath.Join(natsDir, "nats.pid"), auth)})
	} else {
		var n *natsproc.Server
		n, err = natsproc.Start(ctx, filepath.Join(work, "n1"), natsproc.Options{
			Config: fmt.Sprintf("pid_file: %q\n%s", filepath.Join(natsDir, "nats.pid"), auth)})
		nodes = []*natsproc.Server{n}
	}
	if err != nil {
		return nil, err
	}
	for _, n := range nodes {
		defer n.Stop()
	}
	ns := nodes[0]
	var urls []string
	for _, n := range nodes {
		urls = append(urls, n.URL)
	}
	if err := writeCentre(urls...); err != nil {
		return nil, err
	}
	type member struct {
		id, name, dir string
		h             *hall.Hall
		d             *daemon
	}
	halls := make([]*member, o.Halls)
	for i := range halls {
		m := &member{id: fmt.Sprintf("330106%03d000-01", i+1), name: fmt.Sprintf("示例县第%d便民服务中心", i+1)}
		m.dir = filepath.Join(work, "hall-"+m.id)
		halls[i] = m
		if err := halldCmd(ctx, bin, logw, "centre", "hall", "add", "-config", conf, m.id, m.name); err != nil {
			return nil, err
		}
	}
	for _, n := range nodes {
		if err := n.Reload(); err != nil {
			return nil, err
		}
	}
	centreLog := logw
	cmd := exec.CommandContext(ctx, bin, "centre", "-config", conf)
	cmd.Stdout, cmd.Stderr = centreLog, centreLog
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	defer func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() }()

	for _, m := range halls {
		if err := os.MkdirAll(m.dir, 0o700); err != nil {
			return nil, err
		}
		cfg := filepath.Join(m.dir, "hall.toml")
		spec := hallSpec{Name: m.name, Windows: o.Windows, Services: max(2, o.Windows/2)}
		link := fmt.Sprintf("\n[centre]\nservers = [%s]\nhall = %q\ncredentials = %q\n",
			quoted(urls), m.id, filepath.Join(work, "seeds", m.id+".nk"))
		if err := os.WriteFile(cfg, []byte(spec.toml(pinHash)+link), 0o600); err != nil {
			return nil, err
		}
		if m.h, err = hall.Load(cfg); err != nil {
			return nil, err
		}
		if m.d, err = startDaemon(ctx, bin, cfg, filepath.Join(m.dir, "data"), logw); err != nil {
			return nil, fmt.Errorf("hall %s: %w", m.id, err)
		}
		defer m.d.stop()
	}
	centreURL := "http://" + strings.Replace(o.Listen, "0.0.0.0", "127.0.0.1", 1) + "/centre/"
	fmt.Fprintf(out, "network: centre %s (admin / %s), nats %s, PostgreSQL %s\n", centreURL, demoPIN, strings.Join(urls, ","), pg.DSN)
	for _, m := range halls {
		fmt.Fprintf(out, "  hall %s %s: %s/admin/  %s/screen/  (admin, clerks c1…; PIN %s)\n", m.id, m.name, m.d.Base, m.d.Base, demoPIN)
	}

	runCtx := ctx
	if o.Duration > 0 {
		var cancel context.CancelFunc
		runCtx, cancel = context.WithTimeout(ctx, o.Duration)
		defer cancel()
	} else {
		fmt.Fprintln(out, "network: simulated traffic running; Ctrl-C stops everything")
	}
	seed := newSeeder(o.Seed)
	t0 := time.Now()
	var wg sync.WaitGroup
	clients := map[string]*client{}
	for _, m := range halls {
		c := newClient(m.d.Base, 4*o.Windows+8)
		defer c.close()
		clients[m.id] = c
		list := seats(m.h, o.Windows)
		if err := loginAll(ctx, c, list, demoPIN); err != nil {
			return nil, fmt.Errorf("hall %s: %w", m.id, err)
		}
		d := newDriver(c, m.h, list, o.Rate, o.NoShow, o.Think, seed.next)
		wg.Go(func() { d.run(runCtx, map[int]*queue.TicketView{}) })
	}
	if o.Cut > 0 && o.Duration > 0 {
		// The WAN goes down a third of the way in: the halls work on, the
		// centre sees nothing until the server is back.
		wg.Go(func() {
			select {
			case <-time.After(o.Duration / 3):
			case <-runCtx.Done():
				return
			}
			fmt.Fprintf(out, "network: nats-server %s killed for %v\n", ns.URL, o.Cut)
			ns.Kill()
			select {
			case <-time.After(o.Cut):
			case <-ctx.Done():
			}
			if err := ns.Restart(ctx); err != nil {
				fmt.Fprintln(out, "network: nats-server did not restart:", err)
			}
		})
	}
	wg.Wait()
	if ctx.Err() != nil {
		return nil, nil // stopped by the operator
	}
	r := &networkReport{Date: time.Now().Format(time.RFC3339), Halls: o.Halls, Rate: o.Rate,
		Seconds: time.Since(t0).Seconds(), Centre: centreURL, Violations: []string{}}
	last := map[string]uint64{}
	for id, c := range clients {
		hv, err := c.hall(ctx)
		if err != nil {
			return nil, fmt.Errorf("hall %s: %w", id, err)
		}
		last[id] = hv.Seq
	}
	return r, measureLag(ctx, pg.DSN, last, t0, r)
}

// measureLag waits until the centre's database holds every hall's events
// up to last (at most two minutes), then reads the lag of those committed
// since t0 from their stored_at.
func measureLag(ctx context.Context, dsn string, last map[string]uint64, t0 time.Time, r *networkReport) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	deadline := time.Now().Add(2 * time.Minute)
	for id, seq := range last {
		for {
			var have uint64
			if err := conn.QueryRow(ctx, `SELECT coalesce(max(seq), 0) FROM events WHERE hall = $1`, id).Scan(&have); err != nil {
				return err
			}
			if have >= seq {
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("hall %s: the centre holds events up to %d of %d after two minutes", id, have, seq)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	// Exactly once and whole: each hall's rows are its seqs 1…last.
	for id, seq := range last {
		var n, top uint64
		if err := conn.QueryRow(ctx, `SELECT count(*), coalesce(max(seq), 0) FROM events WHERE hall = $1`, id).Scan(&n, &top); err != nil {
			return err
		}
		if n != top || top < seq {
			r.Violations = append(r.Violations, fmt.Sprintf("hall %s: %d rows for seqs up to %d (hall's last %d)", id, n, top, seq))
		}
	}
	return conn.QueryRow(ctx, `SELECT count(*),
		coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM stored_at - at)), 0) * 1000,
		coalesce(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM stored_at - at)), 0) * 1000,
		coalesce(max(extract(epoch FROM stored_at - at)), 0) * 1000
		FROM events WHERE at >= $1`, t0).Scan(&r.Events, &r.LagP50MS, &r.LagP99MS, &r.LagMaxMS)
}

// centreTOML is the demo centre's file: everything in the work directory.
func centreTOML(work, natsDir string, natsURLs []string, replicas int, dsn, listen, pinHash string) string {

	return fmt.Sprintf(`version = 1
name = "示例县政务服务中心"

[nats]
urls = [%s]
ca = ""
credentials = %q
auth_file = %q
pid_file = %q
seed_dir = %q

[postgres]
dsn = %q

[http]
listen = %q

[halls]
replicas = %d

[[admin]]
id = "admin"
name = "中心管理员"
pin_hash = %q
`, quoted(natsURLs), filepath.Join(work, "centre.nk"), filepath.Join(natsDir, "halls-auth.conf"),
		filepath.Join(natsDir, "nats.pid"), filepath.Join(work, "seeds"), dsn, listen, replicas, pinHash)
}

// halldCmd runs one `halld ...` administration command to its end.
func halldCmd(ctx context.Context, bin string, logw io.Writer, args ...string) error {
	cmd := exec.CommandContext(ctx, bin, args...)
	var buf strings.Builder
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	if logw != nil {
		io.WriteString(logw, buf.String())
	}
	if err != nil {
		return fmt.Errorf("halld %s: %w\n%s", strings.Join(args, " "), err, buf.String())
	}
	return nil
}

// quoted renders a TOML list of strings' items.
func quoted(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
