package queue

import (
	"context"
	"errors"
	"fmt"
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

// TestHubRemembersRecentEvents: catching up within the hub's memory takes
// the published events themselves; past it, or from before the engine
// started, the answer is "read the log".
func TestHubRemembersRecentEvents(t *testing.T) {
	h := newHub(8, 10) // the log already holds 1…10
	h.recent = make([]*Event, 4)
	publish := func(from, to uint64) {
		var evs []Event
		for s := from; s <= to; s++ {
			evs = append(evs, Event{Seq: s, raw: []byte{byte(s)}})
		}
		h.publish(evs)
	}
	publish(11, 12)
	for _, c := range []struct {
		after, max int
		want       []uint64
		ok         bool
	}{
		{12, 5, nil, true}, // nothing newer
		{11, 5, []uint64{12}, true},
		{10, 5, []uint64{11, 12}, true},
		{10, 1, []uint64{11}, true},
		{9, 5, nil, false}, // 10 is from before: the log
	} {
		evs, ok := h.since(uint64(c.after), c.max)
		var got []uint64
		for _, ev := range evs {
			got = append(got, ev.Seq)
		}
		if ok != c.ok || fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("since(%d, %d) = %v %v, want %v %v", c.after, c.max, got, ok, c.want, c.ok)
		}
	}
	publish(13, 16) // the ring of 4 now holds 13…16
	if _, ok := h.since(11, 5); ok {
		t.Error("since(11) after the ring wrapped: want the log")
	}
	evs, ok := h.since(12, 2)
	if !ok || len(evs) != 2 || evs[0].Seq != 13 || &evs[0].raw[0] != &h.recent[13%4].raw[0] {
		t.Errorf("since(12, 2) = %+v %v, want 13 and 14 sharing the published bytes", evs, ok)
	}
}
