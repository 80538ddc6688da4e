package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"halld/internal/pgtemp"
)

// halldBin is built once for all tests (with -race when the tests are).
var halldBin string

func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() {
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "hallbench-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	halldBin, err = buildHalld(context.Background(), dir, raceEnabled)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// TestLoadShort drives a real halld for a couple of seconds and checks
// correctness only: every call reached every subscriber, the streams were
// gap-free, every acknowledged operation is in the log. No speed is asserted.
func TestLoadShort(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a real halld")
	}
	o := options{Halld: halldBin, Windows: 3, Subs: 4, Rate: 40, Duration: 2 * time.Second, NoShow: 0.1, Seed: 1}
	r, err := runLoad(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Violations) > 0 {
		t.Fatalf("violations: %v", r.Violations)
	}
	if r.Issued == 0 || r.CallToAll.N == 0 || r.Ops <= int64(r.Issued) {
		t.Fatalf("the run did nothing useful: %+v", r)
	}
	if r.Commits == 0 || r.StartupMS <= 0 || r.IdleRSSKiB <= 0 || r.PeakRSSKiB < r.IdleRSSKiB {
		t.Errorf("process figures missing: commits %d start-up %v RSS %d/%d", r.Commits, r.StartupMS, r.IdleRSSKiB, r.PeakRSSKiB)
	}
	var out strings.Builder
	if err := printReport(&out, false, r); err != nil || !strings.Contains(out.String(), "call → every subscriber") {
		t.Errorf("text report: %v\n%s", err, out.String())
	}
}

// TestPowercutShort cuts the power a few times under load and expects halld
// to keep every promise.
func TestPowercutShort(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills real halld processes")
	}
	o := options{Halld: halldBin, Windows: 3, Services: 2, Rate: 150, Cuts: 5,
		MinRun: 100 * time.Millisecond, MaxRun: 400 * time.Millisecond, FullEvery: 2, NoShow: 0.1, Seed: 2}
	r, err := runPowercut(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Violations) > 0 {
		t.Fatalf("violations: %v", r.Violations)
	}
	if r.Cuts != 5 || r.Acked == 0 || r.FullReads < 3 {
		t.Fatalf("report %+v", r)
	}
}

// TestHistoryStartupAndReport writes a thin year of history through the
// engine, then starts halld on it and times a month's report: the path of
// the full run's start-up and report figures, checked for working only.
func TestHistoryStartupAndReport(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a real halld")
	}
	data := t.TempDir()
	h, err := runHistory(context.Background(), options{Data: data, Windows: 4, Tickets: 500, Slot: time.Hour, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if h.Tickets != 500 || h.Events < 2*500 || len(h.Buckets) == 0 || h.Buckets[0].InuseBytes == 0 {
		t.Fatalf("history report %+v", h)
	}
	s, err := runStartup(context.Background(), options{Halld: halldBin, Data: data, Runs: 1, Month: "2025-06", PIN: "1234"})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Runs) != 1 || s.MedianMS <= 0 {
		t.Errorf("start-up not timed: %+v", s)
	}
	for _, by := range reportDims {
		if s.Reports[by].N != 10 {
			t.Errorf("report by %s: %+v", by, s.Reports[by])
		}
	}
}

// TestNetworkShort runs two halls reporting to a centre (real nats-server,
// PostgreSQL and halld processes) and kills the server for a while in the
// middle: the centre must end up holding every event of every hall exactly
// once. No speed is asserted.
func TestNetworkShort(t *testing.T) {
	if testing.Short() {
		t.Skip("starts nats-server, PostgreSQL and three halld processes")
	}
	if _, err := pgtemp.BinDir(); err != nil && os.Getenv("CI") != "true" {
		t.Skip(err)
	}
	o := options{Halld: halldBin, Halls: 2, Windows: 2, Rate: 4, Think: 0, NoShow: 0.1, Seed: 1,
		Duration: 6 * time.Second, Cut: 2 * time.Second, Listen: "127.0.0.1:0"}
	var log strings.Builder
	r, err := runNetwork(context.Background(), o, &log)
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	if len(r.Violations) > 0 {
		t.Fatalf("violations: %v\n%s", r.Violations, log.String())
	}
	if r.Events == 0 || !strings.Contains(log.String(), "killed for") {
		t.Fatalf("the run did nothing useful: %+v\n%s", r, log.String())
	}
}

// TestNetworkClusterShort runs the network over a 3-node JetStream cluster
// with every hall's stream replicated three times, and kills one node for a
// while: the halls and the centre work on through the other two, and the
// centre holds every event exactly once.
func TestNetworkClusterShort(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three nats-servers, PostgreSQL and three halld processes")
	}
	if _, err := pgtemp.BinDir(); err != nil && os.Getenv("CI") != "true" {
		t.Skip(err)
	}
	o := options{Halld: halldBin, Halls: 2, Windows: 2, Rate: 4, Think: 0, NoShow: 0.1, Seed: 2,
		Duration: 6 * time.Second, Cut: 2 * time.Second, Cluster: true, Listen: "127.0.0.1:0"}
	var log strings.Builder
	r, err := runNetwork(context.Background(), o, &log)
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	if len(r.Violations) > 0 || r.Events == 0 {
		t.Fatalf("violations %v, %d events\n%s", r.Violations, r.Events, log.String())
	}
}
