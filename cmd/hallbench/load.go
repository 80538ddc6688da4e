package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"halld/queue/hall"
)

// loadReport is what one load run measured.
type loadReport struct {
	Date        string  `json:"date"`
	Target      string  `json:"target"`
	Windows     int     `json:"windows"`
	Subscribers int     `json:"subscribers"`
	Rate        float64 `json:"rate_per_s"`
	Seconds     float64 `json:"seconds"`

	CallToAll   distMS         `json:"call_to_every_subscriber"`
	CallsMissed int            `json:"calls_missed_by_some_subscriber"`
	Issue       distMS         `json:"ticket_issue"`
	Ops         int64          `json:"durable_ops"`
	OpsPerSec   float64        `json:"durable_ops_per_s"`
	Issued      int            `json:"tickets_issued"`
	IssuedPerS  float64        `json:"tickets_issued_per_s"`
	Refused     map[string]int `json:"refused,omitempty"`
	// Where the CPU went during the timed run: events committed, messages
	// delivered (events × subscribers), and the CPU seconds of halld and of
	// the bench (its clients and readers share the machine).
	Events     uint64  `json:"events"`
	Messages   uint64  `json:"messages_delivered"`
	HalldCPU   float64 `json:"halld_cpu_s,omitempty"`
	BenchCPU   float64 `json:"bench_cpu_s"`
	HalldUSMsg float64 `json:"halld_cpu_us_per_message,omitempty"`

	Commits      uint64     `json:"commits,omitempty"`
	CommitsPerOp float64    `json:"commits_per_op,omitempty"`
	FsyncsPerOp  float64    `json:"fdatasyncs_per_op,omitempty"`
	RawSync      *rawSync   `json:"raw_write_fdatasync,omitempty"`
	RawFanout    *rawFanout `json:"raw_fanout,omitempty"`
	StartupMS    float64    `json:"startup_to_serving_ms,omitempty"`
	IdleRSSKiB   int64      `json:"idle_rss_kib,omitempty"`
	LoadRSSKiB   int64      `json:"rss_after_load_kib,omitempty"`
	PeakRSSKiB   int64      `json:"peak_rss_kib,omitempty"`
	IdleMem      *memory    `json:"idle_memory,omitempty"`
	LoadMem      *memory    `json:"memory_after_load,omitempty"`
	Violations   []string   `json:"violations"`
}

// loadSetup is a halld under test, started by us or given with -target.
type loadSetup struct {
	h      *hall.Hall
	pin    string
	debug  string  // halld's profiler address with -profile
	d      *daemon // nil with -target
	data   string
	work   string
	report *loadReport
}

func (s *loadSetup) close() {
	if s.d != nil {
		s.d.stop()
	}
	if s.work != "" {
		os.RemoveAll(s.work)
	}
}

// prepare starts halld on a generated hall (or the hall in -data), after
// measuring the raw fsync rate of the data directory's disk.
func prepare(ctx context.Context, o options, r *loadReport) (*loadSetup, error) {
	s := &loadSetup{pin: o.PIN, report: r}
	if o.Target != "" {
		if o.Config == "" {
			return nil, fmt.Errorf("-target needs -config (its hall file) to know windows and staff")
		}
		h, err := hall.Load(o.Config)
		if err != nil {
			return nil, err
		}
		s.h = h
		r.Target = o.Target
		return s, nil
	}
	work, err := tempDir("hallbench-")
	if err != nil {
		return nil, err
	}
	s.work = work
	s.data = o.Data
	if s.data == "" {
		s.data = filepath.Join(work, "data")
	}
	if err := os.MkdirAll(s.data, 0o750); err != nil {
		return s, err
	}
	cfg := filepath.Join(s.data, "hall.toml")
	if _, err := os.Stat(cfg); err == nil && o.Data != "" {
		s.h, err = hall.Load(cfg)
		if err != nil {
			return s, err
		}
		s.pin = "1234" // history writes its halls with this PIN
	} else {
		services := o.Services
		if services == 0 {
			services = max(2, o.Windows/5)
		}
		if s.h, err = writeHall(cfg, hallSpec{Name: "压测大厅", Windows: o.Windows, Services: services}, "1234"); err != nil {
			return s, err
		}
		s.pin = "1234"
	}
	rs, err := measureRawSync(s.data, 2*time.Second)
	if err != nil {
		return s, fmt.Errorf("raw fsync: %w", err)
	}
	r.RawSync = &rs
	if o.Subs > 0 {
		rf, err := measureRawFanout(o.Subs, rawFanoutBytes, 50)
		if err != nil {
			return s, err
		}
		r.RawFanout = &rf
	}
	bin := o.Halld
	if bin == "" {
		if bin, err = buildHalld(ctx, work, raceEnabled); err != nil {
			return s, err
		}
	}
	var logw io.Writer
	if o.Verbose {
		logw = os.Stderr
	}
	var extra []string
	if o.Profile != "" {
		if s.debug, err = freeLoopback(); err != nil {
			return s, err
		}
		extra = append(extra, "-debug-listen", s.debug)
	}
	s.d, err = startDaemon(ctx, bin, cfg, s.data, logw, extra...)
	if err != nil {
		return s, err
	}
	r.Target = s.d.Base
	r.StartupMS = float64(s.d.Serving.Microseconds()) / 1e3
	return s, nil
}

// runLoad is `hallbench load`.
func runLoad(ctx context.Context, o options) (*loadReport, error) {
	r := &loadReport{Date: time.Now().Format(time.RFC3339), Subscribers: o.Subs, Rate: o.Rate, Violations: []string{}}
	s, err := prepare(ctx, o, r)
	if s != nil {
		defer s.close()
	}
	if err != nil {
		return nil, err
	}
	base := r.Target
	seatList := seats(s.h, o.Windows)
	r.Windows = len(seatList)
	c := newClient(base, 2*len(seatList)+600)
	defer c.close()
	if err := loginAll(ctx, c, seatList, s.pin); err != nil {
		return nil, err
	}
	seed := newSeeder(o.Seed)
	d := newDriver(c, s.h, seatList, o.Rate, o.NoShow, o.Think, seed.next)
	for range o.Backlog {
		d.issue(ctx, seed.next())
	}
	if s.d != nil {
		time.Sleep(o.Settle) // let the runtime settle before reading "idle"
		if m, err := readMemory(s.d.Pid); err == nil {
			r.IdleRSSKiB, r.IdleMem = m.RSSKiB, &m
		}
		if s.debug != "" {
			if err := heapProfile(ctx, s.debug, o.Profile+".idle-heap"); err != nil {
				return nil, err
			}
		}
	}
	hv, err := c.hall(ctx)
	if err != nil {
		return nil, err
	}
	calls := newCallTracker()
	subs, err := dialSubscribers(ctx, c.wsURL(hv.Seq), o.Subs, hv.Seq, calls)
	if err != nil {
		return nil, err
	}
	defer closeSubscribers(subs)
	d.onCall = calls.sent
	d.acks, d.issueLat = nil, nil
	d.ops.Store(0)

	var tx0 uint64
	var cpuH0 float64
	if s.d != nil {
		tx0, _ = commitCount(dataFile(s.data))
		cpuH0, _ = cpuSeconds(fmt.Sprint(s.d.Pid))
	}
	cpuB0, _ := cpuSeconds("self")
	runCtx, cancel := context.WithTimeout(ctx, o.Duration)
	profiled := make(chan error, 1)
	if s.debug != "" {
		go func() { profiled <- cpuProfile(ctx, s.debug, o.Duration, o.Profile) }()
	} else {
		profiled <- nil
	}
	t0 := time.Now()
	d.run(runCtx, currentTickets(hv))
	cancel()
	if err := <-profiled; err != nil {
		return nil, err
	}
	r.Seconds = time.Since(t0).Seconds()
	if cpuB1, err := cpuSeconds("self"); err == nil {
		r.BenchCPU = cpuB1 - cpuB0
	}
	if s.d != nil {
		if tx1, err := commitCount(dataFile(s.data)); err == nil {
			r.Commits = tx1 - tx0
		}
		if cpuH1, err := cpuSeconds(fmt.Sprint(s.d.Pid)); err == nil {
			r.HalldCPU = cpuH1 - cpuH0
		}
	}

	end, err := c.hall(ctx)
	if err != nil {
		return nil, err
	}
	r.Events = end.Seq - hv.Seq
	r.Messages = r.Events * uint64(len(subs))
	if r.Messages > 0 && r.HalldCPU > 0 {
		r.HalldUSMsg = r.HalldCPU * 1e6 / float64(r.Messages)
	}
	if err := waitSubscribers(subs, end.Seq, 60*time.Second); err != nil {
		r.Violations = append(r.Violations, err.Error())
	}
	for _, sub := range subs {
		if n := sub.errs.Load(); n > 0 {
			r.Violations = append(r.Violations, fmt.Sprintf("subscriber: %d stream errors, first: %v", n, sub.err.Load()))
		}
	}
	if s.d != nil {
		if m, err := readMemory(s.d.Pid); err == nil {
			r.LoadRSSKiB, r.PeakRSSKiB, r.LoadMem = m.RSSKiB, m.HWMKiB, &m
		}
		if s.debug != "" {
			if err := heapProfile(ctx, s.debug, o.Profile+".load-heap"); err != nil {
				return nil, err
			}
		}
	}
	lat, missed := calls.result(len(subs))
	r.CallToAll, r.CallsMissed = percentiles(lat).ms(), missed
	if missed > 0 {
		r.Violations = append(r.Violations, fmt.Sprintf("%d calls did not reach every subscriber", missed))
	}
	d.mu.Lock()
	r.Issue = percentiles(d.issueLat).ms()
	r.Issued = len(d.issueLat)
	r.Refused = d.refused
	acks := slices.Clone(d.acks)
	d.mu.Unlock()
	r.Ops = d.ops.Load()
	r.OpsPerSec = float64(r.Ops) / r.Seconds
	r.IssuedPerS = float64(r.Issued) / r.Seconds
	if r.Ops > 0 && r.Commits > 0 {
		r.CommitsPerOp = float64(r.Commits) / float64(r.Ops)
		r.FsyncsPerOp = r.CommitsPerOp * fsyncPerCommit
	}
	// Correctness: every acknowledged operation is in the log, in order.
	// The check replays the whole log; over a year of history it is skipped.
	if o.SkipLogCheck {
		return r, nil
	}
	lc := newLogCheck()
	if err := lc.read(ctx, c, 0, end.Seq); err != nil {
		return nil, err
	}
	lc.checkAcks(acks)
	r.Violations = append(r.Violations, lc.problems...)
	return r, nil
}

// loginAll logs every seat in, four at a time (the PIN hash is slow on
// purpose).
func loginAll(ctx context.Context, c *client, list []seat, pin string) error {
	sem := make(chan struct{}, 4)
	var mu sync.Mutex
	var first error
	var wg sync.WaitGroup
	for i := range list {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := c.login(ctx, &list[i], pin); err != nil {
				mu.Lock()
				first = cmpOr(first, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return first
}

func cmpOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}
