package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// fullReport is `hallbench full`: every figure the issue asks for, from
// one run on one machine, with each target and whether it was met.
type fullReport struct {
	Date         string          `json:"date"`
	Machine      machine         `json:"machine"`
	Sizes        []binarySize    `json:"binary_sizes"`
	Fanout       *loadReport     `json:"fanout"`
	Throughput   *loadReport     `json:"throughput"`
	Throughput10 *loadReport     `json:"throughput_10_subscribers"`
	Today        *loadReport     `json:"today_before_startup"`
	Startup      *startupReport  `json:"startup"`
	Powercut     *powercutReport `json:"powercut"`
	Targets      []target        `json:"targets"`
}

type machine struct {
	CPUs   int    `json:"cpus"`
	Model  string `json:"cpu_model"`
	MemKiB int64  `json:"mem_kib"`
	Kernel string `json:"kernel"`
	Go     string `json:"go"`
}

type binarySize struct {
	Target string `json:"target"`
	Bytes  int64  `json:"bytes"`
}

type target struct {
	What     string `json:"what"`
	Target   string `json:"target"`
	Measured string `json:"measured"`
	Met      bool   `json:"met"`
}

func (r *fullReport) text(w io.Writer) {
	fmt.Fprintf(w, "hallbench full  %s\n", r.Date)
	m := r.Machine
	fmt.Fprintf(w, "  machine: %d × %s, %s, Linux %s, %s\n", m.CPUs, m.Model, mib(m.MemKiB), m.Kernel, m.Go)
	fmt.Fprintln(w, "\ntargets")
	for _, t := range r.Targets {
		mark := "MET   "
		if !t.Met {
			mark = "MISSED"
		}
		fmt.Fprintf(w, "  %s %-48s %-12s %s\n", mark, t.What, t.Target, t.Measured)
	}
	fmt.Fprintln(w, "\nbinary sizes (static, stripped)")
	for _, s := range r.Sizes {
		fmt.Fprintf(w, "  %-14s %d bytes (%.1f MiB)\n", s.Target, s.Bytes, float64(s.Bytes)/(1<<20))
	}
	for _, part := range []struct {
		title string
		r     texter
	}{{"\nfan-out run", r.Fanout}, {"\nthroughput run", r.Throughput}, {"\nthroughput run, 10 subscribers", r.Throughput10},
		{"\ntoday's tickets before the starts", r.Today}, {"\nstart-up and report over the history", r.Startup}, {"\npower cuts", r.Powercut}} {
		fmt.Fprintln(w, part.title)
		part.r.text(w)
	}
}

// runFull runs, in order: the cross-compiled sizes, the fan-out run, the
// throughput runs, start-up and a month's report over the history, and
// the power cuts. Each step is the subcommand of the same name.
func runFull(ctx context.Context, o options) (*fullReport, error) {
	if o.History == "" {
		return nil, fmt.Errorf("full needs -history DIR (hallbench history -data DIR -tickets 3000000)")
	}
	r := &fullReport{Date: time.Now().Format(time.RFC3339), Machine: readMachine()}
	work, err := tempDir("hallbench-full-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	if o.Halld == "" {
		if o.Halld, err = buildHalld(ctx, work, false); err != nil {
			return nil, err
		}
	}
	for _, t := range []struct{ name, arch, arm string }{{"linux/arm64", "arm64", ""}, {"linux/arm (v7)", "arm", "7"}} {
		out := filepath.Join(work, "halld-"+t.arch)
		env := []string{"CGO_ENABLED=0", "GOOS=linux", "GOARCH=" + t.arch, "GOARM=" + t.arm}
		if err := goBuild(ctx, out, env, "-trimpath", "-ldflags=-s -w"); err != nil {
			return nil, err
		}
		fi, err := os.Stat(out)
		if err != nil {
			return nil, err
		}
		r.Sizes = append(r.Sizes, binarySize{Target: t.name, Bytes: fi.Size()})
	}
	load := func(subs int, rate float64) (*loadReport, error) {
		lo := options{Halld: o.Halld, Windows: o.Windows, Subs: subs, Rate: rate, Duration: o.Duration,
			Settle: 5 * time.Second, Seed: o.Seed, Verbose: o.Verbose}
		fmt.Fprintf(os.Stderr, "full: load, %d windows, %d subscribers, %.0f tickets/s, %s\n", lo.Windows, subs, rate, lo.Duration)
		return runLoad(ctx, lo)
	}
	if r.Fanout, err = load(o.Subs, o.FanRate); err != nil {
		return nil, err
	}
	if r.Throughput, err = load(o.Subs, o.Rate); err != nil {
		return nil, err
	}
	if r.Throughput10, err = load(10, o.Rate); err != nil {
		return nil, err
	}
	// Restarting in the middle of a busy day is the slow start: halld
	// loads the current day's tickets. Make today such a day first.
	fmt.Fprintf(os.Stderr, "full: a busy morning on top of %s\n", o.History)
	if r.Today, err = runLoad(ctx, options{Halld: o.Halld, Data: o.History, Windows: 40, Subs: 1, Rate: 400,
		Duration: o.TodayFor, Seed: o.Seed, Verbose: o.Verbose, SkipLogCheck: true}); err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "full: start-up over %s\n", o.History)
	if r.Startup, err = runStartup(ctx, options{Halld: o.Halld, Data: o.History, Runs: 5, Cold: o.Cold, Month: o.Month, PIN: "1234"}); err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "full: %d power cuts\n", o.Cuts)
	r.Powercut, err = runPowercut(ctx, options{Halld: o.Halld, Windows: 6, Services: 3, Rate: 200, Cuts: o.Cuts,
		MinRun: 50 * time.Millisecond, MaxRun: 600 * time.Millisecond, FullEvery: 10, NoShow: 0.1, Seed: o.Seed})
	if err != nil {
		return nil, err
	}
	r.Targets = r.judge()
	return r, nil
}

// judge holds the figures against the targets.
func (r *fullReport) judge() []target {
	f, t, t10, s, p := r.Fanout, r.Throughput, r.Throughput10, r.Startup, r.Powercut
	report := 0.0
	for _, d := range s.Reports {
		report = max(report, d.MaxMS)
	}
	const mb = 1000 * 1000 / 1024.0 // KiB in a MB
	ts := []target{
		{fmt.Sprintf("call → %d subscribers, p99 (%.0f tickets/s)", f.Subscribers, f.Rate), "≤ 5 ms",
			fmt.Sprintf("%.1f ms (p50 %.1f, max %.1f)", f.CallToAll.P99ms, f.CallToAll.P50ms, f.CallToAll.MaxMS), f.CallToAll.P99ms <= 5},
		{fmt.Sprintf("durable ops/s, %d subscribers", t.Subscribers), "≥ 5,000",
			fmt.Sprintf("%.0f/s (%.3f fdatasync per op; disk %.0f/s)", t.OpsPerSec, t.FsyncsPerOp, t.RawSync.PerSecond), t.OpsPerSec >= 5000},
		{"durable ops/s, 10 subscribers", "≥ 5,000",
			fmt.Sprintf("%.0f/s (%.3f fdatasync per op)", t10.OpsPerSec, t10.FsyncsPerOp), t10.OpsPerSec >= 5000},
		{fmt.Sprintf("idle RSS, %d clerks logged in, 5 s later", f.Windows), "≤ 15 MB",
			fmt.Sprintf("%.1f MB (%s)", float64(f.IdleRSSKiB)/mb, mib(f.IdleRSSKiB)), float64(f.IdleRSSKiB) <= 15*mb},
		{"idle RSS after start over the year", "≤ 15 MB",
			fmt.Sprintf("%.1f MB (%s)", float64(s.IdleRSSKiB)/mb, mib(s.IdleRSSKiB)), float64(s.IdleRSSKiB) <= 15*mb},
		{fmt.Sprintf("peak RSS, %d subscribers, %.0f tickets/s", f.Subscribers, f.Rate), "≤ 80 MB",
			fmt.Sprintf("%.1f MB (%s)", float64(f.PeakRSSKiB)/mb, mib(f.PeakRSSKiB)), float64(f.PeakRSSKiB) <= 80*mb},
		{fmt.Sprintf("peak RSS, %d subscribers, %.0f tickets/s offered", t.Subscribers, t.Rate), "≤ 80 MB",
			fmt.Sprintf("%.1f MB (%s)", float64(t.PeakRSSKiB)/mb, mib(t.PeakRSSKiB)), float64(t.PeakRSSKiB) <= 80*mb},
		{fmt.Sprintf("start to serving over %.1f GiB of history, mid-day (≥ %d tickets today)", float64(s.DBBytes)/(1<<30), todayTickets(r.Today)), "≤ 300 ms",
			fmt.Sprintf("max %.1f ms (median %.1f)", s.MaxMS, s.MedianMS), s.MaxMS <= 300},
		{"a month's report over that year (slowest dimension)", "≤ 50 ms",
			fmt.Sprintf("max %.1f ms", report), report > 0 && report <= 50},
		{"power cuts, violations", "≥ 200, 0",
			fmt.Sprintf("%d cuts, %d violations", p.Cuts, len(p.Violations)), p.Cuts >= 200 && len(p.Violations) == 0},
	}
	if len(s.ColdRuns) > 0 {
		ts = append(ts, target{"start to serving, page cache dropped (as after a reboot)", "≤ 300 ms",
			fmt.Sprintf("max %.1f ms over %d starts", s.ColdMaxMS, len(s.ColdRuns)), s.ColdMaxMS <= 300})
	}
	return ts
}

func todayTickets(r *loadReport) int {
	if r == nil {
		return 0
	}
	return r.Issued
}

func readMachine() machine {
	m := machine{CPUs: runtime.NumCPU(), Go: runtime.Version()}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.Model = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		fmt.Sscanf(string(b), "MemTotal: %d kB", &m.MemKiB)
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(b))
	}
	return m
}
