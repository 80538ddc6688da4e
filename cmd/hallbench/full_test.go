package main

import (
	"strings"
	"testing"
)

// TestJudgeHoldsFiguresAgainstTargets: each target flips at its bound.
func TestJudgeHoldsFiguresAgainstTargets(t *testing.T) {
	mbKiB := 1000 * 1000 / 1024.0
	good := func() *fullReport {
		return &fullReport{
			Fanout:       &loadReport{Subscribers: 1000, Rate: 20, Windows: 200, CallToAll: distMS{P99ms: 5}, IdleRSSKiB: int64(15 * mbKiB), PeakRSSKiB: int64(80 * mbKiB)},
			Throughput:   &loadReport{Subscribers: 1000, OpsPerSec: 5000, RawSync: &rawSync{}, PeakRSSKiB: 1},
			Throughput10: &loadReport{Subscribers: 10, OpsPerSec: 5000},
			Startup:      &startupReport{MaxMS: 300, IdleRSSKiB: int64(15 * mbKiB), Reports: map[string]distMS{"hall": {MaxMS: 50}}},
			Powercut:     &powercutReport{Cuts: 200},
		}
	}
	for _, tg := range good().judge() {
		if !tg.Met {
			t.Errorf("at the bound, %q is judged missed (%s)", tg.What, tg.Measured)
		}
	}
	for _, c := range []struct {
		what  string
		spoil func(r *fullReport)
	}{
		{"call →", func(r *fullReport) { r.Fanout.CallToAll.P99ms = 5.01 }},
		{"durable ops/s, 1000", func(r *fullReport) { r.Throughput.OpsPerSec = 4999 }},
		{"durable ops/s, 10", func(r *fullReport) { r.Throughput10.OpsPerSec = 4999 }},
		{"idle RSS, 200", func(r *fullReport) { r.Fanout.IdleRSSKiB += 10 }},
		{"idle RSS after start", func(r *fullReport) { r.Startup.IdleRSSKiB += 10 }},
		{"peak RSS", func(r *fullReport) { r.Throughput.PeakRSSKiB = int64(81 * mbKiB) }},
		{"start to serving", func(r *fullReport) { r.Startup.MaxMS = 301 }},
		{"a month's report", func(r *fullReport) { r.Startup.Reports["staff"] = distMS{MaxMS: 51} }},
		{"power cuts", func(r *fullReport) { r.Powercut.Violations = []string{"lost"} }},
		{"power cuts", func(r *fullReport) { r.Powercut.Cuts = 199 }},
	} {
		r := good()
		c.spoil(r)
		missed := 0
		for _, tg := range r.judge() {
			if !tg.Met {
				missed++
				if !strings.HasPrefix(tg.What, c.what) {
					t.Errorf("spoiling %q missed %q instead", c.what, tg.What)
				}
			}
		}
		if missed != 1 {
			t.Errorf("spoiling %q: %d targets missed, want 1", c.what, missed)
		}
	}
}

func TestJudgeColdStartsOnlyWhenTimed(t *testing.T) {
	r := &fullReport{
		Fanout: &loadReport{}, Throughput: &loadReport{RawSync: &rawSync{}}, Throughput10: &loadReport{},
		Startup: &startupReport{}, Powercut: &powercutReport{},
	}
	n := len(r.judge())
	r.Startup.ColdRuns, r.Startup.ColdMaxMS = []float64{120, 301}, 301
	ts := r.judge()
	if len(ts) != n+1 || ts[n].Met {
		t.Fatalf("with a 301 ms cold start: %+v", ts[n:])
	}
}
