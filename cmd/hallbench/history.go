package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"halld/queue"
	"halld/queue/hall"
)

// historyReport says what `hallbench history` wrote and how long it took.
type historyReport struct {
	Date           string       `json:"date"`
	Data           string       `json:"data"`
	Windows        int          `json:"windows"`
	Days           int          `json:"working_days"`
	Tickets        int64        `json:"tickets"`
	Events         uint64       `json:"events"`
	Finished       int64        `json:"tickets_finished"`
	NoShows        int64        `json:"no_shows"`
	Commits        uint64       `json:"commits"`
	Seconds        float64      `json:"seconds"`
	OpsPerSec      float64      `json:"ops_per_s"`
	DBBytes        int64        `json:"db_bytes"`
	BytesPerTicket float64      `json:"db_bytes_per_ticket"`
	Buckets        []bucketSize `json:"buckets,omitempty"`
}

func (r *historyReport) text(w io.Writer) {
	fmt.Fprintf(w, "hallbench history  %s  %s\n", r.Date, r.Data)
	fmt.Fprintf(w, "  wrote:    %d tickets over %d working days at %d windows: %d events in %d commits\n", r.Tickets, r.Days, r.Windows, r.Events, r.Commits)
	fmt.Fprintf(w, "  served:   %d finished, %d no-shows (the rest expired at the day's close)\n", r.Finished, r.NoShows)
	fmt.Fprintf(w, "  took:     %.0f s (%.0f engine ops/s)\n", r.Seconds, r.OpsPerSec)
	fmt.Fprintf(w, "  database: %.1f MiB, %.0f bytes per ticket\n", float64(r.DBBytes)/(1<<20), r.BytesPerTicket)
	printBuckets(w, r.Buckets)
}

// fakeClock is the engine's clock during generation: the simulation moves
// it forward one slot at a time.
type fakeClock struct{ ns atomic.Int64 }

func (c *fakeClock) now() time.Time  { return time.Unix(0, c.ns.Load()) }
func (c *fakeClock) set(t time.Time) { c.ns.Store(t.UnixNano()) }

const (
	workDays   = 250
	historyPIN = "1234"
	openMinute = 9 * 60     // first ticket
	lastIssue  = 16*60 + 30 // last ticket
	lastCall   = 17*60 + 30 // windows stop calling
)

// runHistory is `hallbench history`: a year of a busy hall written through
// the queue engine itself, so the database has exactly halld's layout.
func runHistory(ctx context.Context, o options) (*historyReport, error) {
	if o.Data == "" {
		return nil, fmt.Errorf("history needs -data DIR")
	}
	if err := os.MkdirAll(o.Data, 0o750); err != nil {
		return nil, err
	}
	if _, err := os.Stat(dataFile(o.Data)); err == nil {
		return nil, fmt.Errorf("%s already exists; history writes a fresh database", dataFile(o.Data))
	}
	h, err := writeHall(filepath.Join(o.Data, "hall.toml"), hallSpec{Name: "历史数据大厅", Windows: o.Windows, Services: 8}, historyPIN)
	if err != nil {
		return nil, err
	}
	clk := &fakeClock{}
	days := workingDays(h, time.Date(2025, 1, 2, 0, 0, 0, 0, h.Location), workDays)
	clk.set(days[0].Add(8 * time.Hour))
	e, err := queue.Open(dataFile(o.Data), h, queue.Options{Now: clk.now})
	if err != nil {
		return nil, err
	}
	defer e.Close()
	g := &generator{e: e, h: h, clk: clk, slot: o.Slot, rnd: newSeeder(o.Seed)}
	r := &historyReport{Date: time.Now().Format(time.RFC3339), Data: o.Data, Windows: o.Windows, Days: len(days)}
	t0 := time.Now()
	perDay := o.Tickets / len(days)
	for i, day := range days {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		n := perDay
		if i < o.Tickets%len(days) {
			n++
		}
		// Clerks log in every morning, as sessions expire overnight.
		clk.set(day.Add(8 * time.Hour))
		if err := g.login(); err != nil {
			return nil, fmt.Errorf("%s: login: %w", day.Format(time.DateOnly), err)
		}
		if err := g.day(day, n); err != nil {
			return nil, fmt.Errorf("%s: %w", day.Format(time.DateOnly), err)
		}
		if (i+1)%10 == 0 {
			fmt.Fprintf(os.Stderr, "history: %d/%d days, %d tickets (%d finished), %.0f s\n", i+1, len(days), g.issued.Load(), g.finished.Load(), time.Since(t0).Seconds())
		}
	}
	st := e.Stats()
	r.Seconds = time.Since(t0).Seconds()
	r.Tickets, r.Events, r.Commits = g.issued.Load(), st.Events, st.Commits
	r.Finished, r.NoShows = g.finished.Load(), g.noShows.Load()
	r.OpsPerSec = float64(g.ops.Load()) / r.Seconds
	if err := e.Close(); err != nil {
		return nil, err
	}
	if fi, err := os.Stat(dataFile(o.Data)); err == nil {
		r.DBBytes = fi.Size()
		if r.Tickets > 0 {
			r.BytesPerTicket = float64(r.DBBytes) / float64(r.Tickets)
		}
	}
	if r.Buckets, err = bucketSizes(dataFile(o.Data)); err != nil {
		return nil, fmt.Errorf("bucket sizes: %w", err)
	}
	return r, nil
}

// workingDays returns n Monday-to-Friday midnights from start, hall-local.
func workingDays(h *hall.Hall, start time.Time, n int) []time.Time {
	var out []time.Time
	for d := start; len(out) < n; d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			out = append(out, d)
		}
	}
	return out
}

// generator plays one day at a time in slots: in each slot the due
// finishes and the arrivals run concurrently, then every idle window calls
// and starts (or marks a no-show) concurrently, so the engine's group
// commit batches them as it would in a busy hall.
type generator struct {
	e        *queue.Engine
	h        *hall.Hall
	clk      *fakeClock
	slot     time.Duration
	rnd      *seeder
	acts     []queue.Act
	issued   atomic.Int64
	finished atomic.Int64
	noShows  atomic.Int64
	ops      atomic.Int64
}

func (g *generator) login() error {
	g.acts = g.acts[:0]
	for _, st := range seats(g.h, len(g.h.Windows)) {
		tok, _, err := g.e.Login(queue.LoginRequest{Staff: st.Staff, PIN: historyPIN, Window: st.Window, Takeover: true})
		if err != nil {
			return fmt.Errorf("login %s: %w", st.Staff, err)
		}
		g.acts = append(g.acts, queue.Act{Token: tok, Window: st.Window})
	}
	return nil
}

type desk struct {
	busy     bool
	finishAt int // slot index
}

func (g *generator) day(midnight time.Time, tickets int) error {
	r := g.rnd.next()
	slotMin := g.slot.Minutes()
	slots := int(float64(lastCall-openMinute) / slotMin)
	issueSlots := int(float64(lastIssue-openMinute) / slotMin)
	arrivals := make([]int, issueSlots)
	for range tickets {
		arrivals[r.IntN(issueSlots)]++
	}
	// Mean service so the windows are about 80 % busy over the day.
	meanSlots := 0.8 * float64(len(g.acts)) * float64(issueSlots) / float64(max(tickets, 1))
	desks := make([]desk, len(g.acts))
	var errs errList
	for s := 0; s < slots; s++ {
		g.clk.set(midnight.Add(time.Duration(openMinute)*time.Minute + time.Duration(s)*g.slot))
		var wg sync.WaitGroup
		for i := range desks {
			if desks[i].busy && desks[i].finishAt <= s {
				desks[i].busy = false
				wg.Go(func() {
					if errs.add(g.op(g.e.Finish(g.acts[i], queue.OutcomeHandled))) {
						g.finished.Add(1)
					}
				})
			}
		}
		if s < issueSlots {
			for range arrivals[s] {
				svc := g.h.Services[r.IntN(len(g.h.Services))].ID
				prio := ""
				if r.IntN(10) == 0 {
					prio = "elderly"
				}
				wg.Go(func() {
					if err := g.op(g.e.Issue(queue.IssueRequest{Service: svc, Channel: "kiosk", Priority: prio})); err == nil {
						g.issued.Add(1)
					} else {
						errs.add(err)
					}
				})
			}
		}
		wg.Wait()
		for i := range desks {
			if desks[i].busy {
				continue
			}
			noShow := r.IntN(25) == 0
			service := max(1, int(math.Round(r.ExpFloat64()*meanSlots)))
			wg.Go(func() {
				_, err := g.e.CallNext(g.acts[i])
				var ref *queue.Error
				if errors.As(err, &ref) && ref.Code == "nobody_waiting" {
					return
				}
				if !errs.add(err) {
					return
				}
				g.ops.Add(1)
				if noShow {
					if errs.add(g.op(g.e.NoShowTicket(g.acts[i]))) {
						g.noShows.Add(1)
					}
					return
				}
				if errs.add(g.op(g.e.Start(g.acts[i]))) {
					desks[i] = desk{busy: true, finishAt: s + service}
				}
			})
		}
		wg.Wait()
		if err := errs.first(); err != nil {
			return err
		}
	}
	// Whatever is still being served at closing time is finished.
	g.clk.set(midnight.Add(time.Duration(lastCall)*time.Minute + time.Minute))
	for i := range desks {
		if desks[i].busy {
			if err := g.op(g.e.Finish(g.acts[i], queue.OutcomeHandled)); err != nil {
				return err
			}
			g.finished.Add(1)
		}
	}
	return nil
}

func (g *generator) op(_ queue.TicketView, err error) error {
	if err == nil {
		g.ops.Add(1)
	}
	return err
}

// errList keeps the first error of concurrent operations.
type errList struct {
	mu  sync.Mutex
	err error
}

// add records err and reports whether it was nil.
func (l *errList) add(err error) bool {
	if err == nil {
		return true
	}
	l.mu.Lock()
	l.err = cmpOr(l.err, err)
	l.mu.Unlock()
	return false
}

func (l *errList) first() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}
