package main

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

// Subscribers keep reading after a run stops counting; result must not
// race with them (go test -race fails on an unlocked read).
func TestCallTrackerResultWhileArriving(t *testing.T) {
	calls := newCallTracker()
	t0 := time.Unix(1_800_000_000, 0)
	for i := range 200 {
		calls.sent(fmt.Sprint("T", i), t0)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 200 {
			calls.arrived(fmt.Sprint("T", i), t0.Add(time.Millisecond))
			calls.arrived(fmt.Sprint("late", i), t0)
		}
	})
	for range 20 {
		calls.result(1)
	}
	wg.Wait()
	lat, missed := calls.result(1)
	if len(lat) != 200 || missed != 0 {
		t.Fatalf("result = %d latencies, %d missed; want 200, 0", len(lat), missed)
	}
	for _, d := range lat {
		if d != time.Millisecond {
			t.Fatalf("latency %v, want 1ms", d)
		}
	}
}
