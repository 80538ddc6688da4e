package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// powercutReport says how many cuts halld survived and what broke.
type powercutReport struct {
	Date         string   `json:"date"`
	Cuts         int      `json:"cuts"`
	Acked        int      `json:"acknowledged_ops"`
	Events       uint64   `json:"events_in_log"`
	FullReads    int      `json:"full_log_reads"`
	StartupMaxMS float64  `json:"startup_max_ms"`
	Seconds      float64  `json:"seconds"`
	Violations   []string `json:"violations"`
}

func (r *powercutReport) text(w io.Writer) {
	fmt.Fprintf(w, "hallbench powercut  %s\n", r.Date)
	fmt.Fprintf(w, "  cuts:         %d (SIGKILL under load, then restart and verify), %.0f s\n", r.Cuts, r.Seconds)
	fmt.Fprintf(w, "  checked:      %d acknowledged operations, %d events, whole log read %d times\n", r.Acked, r.Events, r.FullReads)
	fmt.Fprintf(w, "  restart:      slowest start to serving %.1f ms\n", r.StartupMaxMS)
	writeViolations(w, r.Violations)
}

// runPowercut is `hallbench powercut`: load, SIGKILL at a random moment,
// restart, verify; o.Cuts times, then a final verification of the whole log.
func runPowercut(ctx context.Context, o options) (*powercutReport, error) {
	r := &powercutReport{Date: time.Now().Format(time.RFC3339), Violations: []string{}}
	work, err := tempDir("hallbench-powercut-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	data := o.Data
	if data == "" {
		data = filepath.Join(work, "data")
	}
	if err := os.MkdirAll(data, 0o750); err != nil {
		return nil, err
	}
	cfg := filepath.Join(work, "hall.toml")
	h, err := writeHall(cfg, hallSpec{Name: "断电测试大厅", Windows: o.Windows, Services: o.Services}, "1234")
	if err != nil {
		return nil, err
	}
	bin := o.Halld
	if bin == "" {
		if bin, err = buildHalld(ctx, work, raceEnabled); err != nil {
			return nil, err
		}
	}
	var logw io.Writer
	if o.Verbose {
		logw = os.Stderr
	}
	seed := newSeeder(o.Seed)
	rnd := seed.next()
	seatList := seats(h, o.Windows)
	lc := newLogCheck()
	var acks []ack
	start := time.Now()
	fullEvery := max(1, o.FullEvery)

	// restart starts halld and verifies everything acknowledged so far.
	restart := func(full bool) (*daemon, *client, error) {
		d, err := startDaemon(ctx, bin, cfg, data, logw)
		if err != nil {
			if errors.Is(err, ErrNotServing) {
				r.Violations = append(r.Violations, fmt.Sprintf("after cut %d: %v", r.Cuts, err))
			}
			return nil, nil, err
		}
		r.StartupMaxMS = max(r.StartupMaxMS, float64(d.Serving.Microseconds())/1e3)
		c := newClient(d.Base, 2*len(seatList)+600)
		hv, err := c.hall(ctx)
		if err != nil {
			d.kill()
			return nil, nil, err
		}
		since := lc.last()
		if full {
			since = 0
			r.FullReads++
		}
		verified := lc.last()
		n := len(lc.problems)
		if err := lc.read(ctx, c, since, hv.Seq); err != nil {
			d.kill()
			return nil, nil, err
		}
		lc.checkAcks(acks)
		if err := lc.checkServed(ctx, c, hv, verified); err != nil {
			d.kill()
			return nil, nil, err
		}
		for _, p := range lc.problems[n:] {
			r.Violations = append(r.Violations, fmt.Sprintf("after cut %d: %s", r.Cuts, p))
		}
		acks = acks[:0] // checked; the log check keeps them from now on
		return d, c, nil
	}

	var checkedAcks int
	for r.Cuts < o.Cuts && ctx.Err() == nil {
		d, c, err := restart(r.Cuts%fullEvery == 0)
		if err != nil {
			return r, err
		}
		if r.Cuts == 0 {
			if err := loginAll(ctx, c, seatList, "1234"); err != nil {
				d.kill()
				return r, err
			}
		}
		hv, err := c.hall(ctx)
		if err != nil {
			d.kill()
			return r, err
		}
		drv := newDriver(c, h, seatList, o.Rate, o.NoShow, 0, seed.next)
		runCtx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { drv.run(runCtx, currentTickets(hv)); close(done) }()
		span := o.MaxRun - o.MinRun
		wait := o.MinRun
		if span > 0 {
			wait += time.Duration(rnd.Int64N(int64(span)))
		}
		time.Sleep(wait)
		d.kill() // the power goes: requests in flight get no answer
		cancel()
		<-done
		c.close()
		r.Cuts++
		drv.mu.Lock()
		acks = append(acks, drv.acks...)
		checkedAcks += len(drv.acks)
		drv.mu.Unlock()
	}
	d, c, err := restart(true)
	if err != nil {
		return r, err
	}
	c.close()
	d.stop()
	r.Acked = checkedAcks
	r.Events = lc.last()
	r.Seconds = time.Since(start).Seconds()
	return r, nil
}
