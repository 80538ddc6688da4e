package queue

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"
)

// TestTryNextTakesOnlyWhatIsAtHand: TryNext never waits and never reads
// the log by itself; it hands out what Next read ahead or what arrived live.
func TestTryNextTakesOnlyWhatIsAtHand(t *testing.T) {
	hs := newHarness(t)
	for range 3 {
		hs.issue("a")
	}
	sub := hs.e.Subscribe(0)
	defer sub.Close()
	if _, ok, err := sub.TryNext(); ok || err != nil {
		t.Fatalf("before any Next: ok=%v err=%v, want nothing at hand", ok, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ev, err := sub.Next(ctx) // reads 1…3 from the log
	if err != nil || ev.Seq != 1 {
		t.Fatalf("Next: %d %v", ev.Seq, err)
	}
	for want := uint64(2); want <= 3; want++ {
		ev, ok, err := sub.TryNext()
		if !ok || err != nil || ev.Seq != want {
			t.Fatalf("TryNext: seq %d ok=%v err=%v, want %d", ev.Seq, ok, err, want)
		}
	}
	if _, ok, _ := sub.TryNext(); ok {
		t.Fatal("TryNext past the log's end returned an event")
	}
	// Joined live (the Next above registers once the log is read).
	if _, err := sub.NextWithin(ctx, time.Millisecond); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("NextWithin with nothing committed: %v", err)
	}
	hs.issue("a")
	hs.issue("b")
	for want := uint64(4); want <= 5; want++ {
		ev, ok, err := sub.TryNext()
		if !ok || err != nil || ev.Seq != want {
			t.Fatalf("live TryNext: seq %d ok=%v err=%v, want %d", ev.Seq, ok, err, want)
		}
	}
	if sub.Cursor() != 5 {
		t.Errorf("cursor %d after five events", sub.Cursor())
	}
}

// TestNextWithinWaitsItsTime: with nothing committed NextWithin returns
// DeadlineExceeded after d, not before; an event arriving within d is
// returned; its timer is reused for the next call.
func TestNextWithinWaitsItsTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		hs := newHarness(t)
		sub := hs.e.Subscribe(0)
		defer sub.Close()
		ctx := context.Background()
		for range 2 { // twice: the reused timer must fire again
			t0 := time.Now()
			_, err := sub.NextWithin(ctx, 25*time.Second)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("idle NextWithin: %v", err)
			}
			if d := time.Since(t0); d != 25*time.Second {
				t.Fatalf("idle NextWithin returned after %v, want 25s", d)
			}
		}
		go func() {
			time.Sleep(10 * time.Second)
			hs.issue("a")
		}()
		t0 := time.Now()
		ev, err := sub.NextWithin(ctx, 25*time.Second)
		if err != nil || ev.Seq != 1 {
			t.Fatalf("NextWithin with an issue after 10s: %d %v", ev.Seq, err)
		}
		if d := time.Since(t0); d != 10*time.Second {
			t.Errorf("event arrived after %v, want 10s", d)
		}
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := sub.NextWithin(cctx, time.Hour); !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled context: %v", err)
		}
	})
}

// TestReadEventsDataSharesTheStoredBytes: an event read from the log keeps
// one copy of its bytes; Data is the data field inside it.
func TestReadEventsDataSharesTheStoredBytes(t *testing.T) {
	hs := newHarness(t)
	hs.issue("a")
	evs, err := hs.e.ReadEvents(0, 10)
	if err != nil || len(evs) != 1 {
		t.Fatalf("%d events, %v", len(evs), err)
	}
	ev := evs[0]
	raw := ev.JSON()
	if len(ev.Data) == 0 || &ev.Data[0] != &raw[len(raw)-1-len(ev.Data)] {
		t.Fatalf("Data is a separate copy (or empty): %s", ev.Data)
	}
	d, err := ev.Decode()
	if err != nil || d.Ticket == nil || d.Ticket.Number != "A001" {
		t.Fatalf("decoded %+v %v", d, err)
	}
}
