package queue

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"
)

func TestRestartRestoresState(t *testing.T) {
	hs := newHarness(t)
	a := hs.login(4)
	hs.login(1)
	hs.issue("a")
	a2 := hs.issue("a", "green")
	hs.issue("b")
	hs.callNext(4) // A002 (priority)
	hs.e.Start(a)
	hs.e.Pause(hs.act(1), "会议")
	before, _ := hs.e.HallView()

	hs.reopen()

	after, err := hs.e.HallView()
	if err != nil {
		t.Fatal(err)
	}
	if b, a := mustJSON(t, before), mustJSON(t, after); b != a {
		t.Errorf("hall differs after restart:\nbefore %s\nafter  %s", b, a)
	}
	// Sessions survive: the clerk continues without logging in again.
	v, err := hs.e.Finish(a, "")
	if err != nil || v.ID != a2.ID {
		t.Fatalf("finish after restart: %+v %v", v, err)
	}
	if n := hs.issue("a").Number; n != "A003" {
		t.Errorf("numbering after restart continues at %s, want A003", n)
	}
	// The fairness streak survived too: window 4 has called one priority.
	hs.issue("a", "green")
	if n := hs.callNext(4); n != "A004" {
		t.Errorf("called %s", n)
	}
}

func TestRestartAfterDayChange(t *testing.T) {
	hs := newHarness(t)
	hs.issue("a")
	hs.reopen()
	hs.clock.Set(monday10.AddDate(0, 0, 1))
	if n := hs.issue("a").Number; n != "A001" {
		t.Errorf("first of the new day after a restart: %s", n)
	}
	hs.reopen()
	if n := hs.issue("a").Number; n != "A002" {
		t.Errorf("second of the new day after a restart: %s", n)
	}
}

func TestSecondOpenIsRefused(t *testing.T) {
	hs := newHarness(t)
	_, err := Open(hs.path, hs.h, Options{Now: hs.clock.Now})
	if err == nil {
		t.Fatal("a second engine opened the same database")
	}
}

// TestConcurrentCallsNeverShareATicket lets dozens of windows that share
// services call at once; every ticket must be called exactly once.
func TestConcurrentCallsNeverShareATicket(t *testing.T) {
	hs := newHarness(t)
	const tickets = 120
	for i := range tickets {
		svc := []string{"a", "b"}[i%2]
		hs.issue(svc)
	}
	// Windows 1, 2 and 4 share a and b; log each in several times over via
	// goroutines hammering with their own token.
	acts := []Act{hs.login(1), hs.login(2), hs.login(4), hs.login(3)}
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for g := range 32 {
		a := acts[g%len(acts)]
		wg.Go(func() {
			for {
				v, err := hs.e.CallNext(a)
				switch code(err) {
				case "":
				case "window_busy":
					continue // another goroutine of this window holds a ticket
				case "nobody_waiting":
					return
				default:
					t.Error(err)
					return
				}
				mu.Lock()
				seen[v.ID]++
				mu.Unlock()
				if _, err := hs.e.Start(a); err != nil {
					t.Error(err)
				}
				if _, err := hs.e.Finish(a, ""); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if len(seen) != tickets {
		t.Errorf("called %d distinct tickets, want %d", len(seen), tickets)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("ticket %s called %d times", id, n)
		}
	}
}

// TestConcurrentIssueUniqueNumbers issues from many goroutines at once.
func TestConcurrentIssueUniqueNumbers(t *testing.T) {
	hs := newHarness(t)
	var mu sync.Mutex
	nums := map[string]bool{}
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for range 10 {
				v, err := hs.e.Issue(IssueRequest{Service: "a"})
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if nums[v.Number] {
					t.Errorf("number %s issued twice", v.Number)
				}
				nums[v.Number] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(nums) != 160 || !nums["A001"] || !nums["A160"] {
		t.Errorf("%d numbers, A001 %v, A160 %v", len(nums), nums["A001"], nums["A160"])
	}
	st := hs.e.Stats()
	t.Logf("160 issues in %d commits (group commit)", st.Commits)
}

func TestSubscribeReplaysThenStreamsLive(t *testing.T) {
	hs := newHarness(t)
	hs.issue("a")
	hs.issue("a")
	sub := hs.e.Subscribe(1)
	defer sub.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ev, err := sub.Next(ctx)
	if err != nil || ev.Seq != 2 || ev.Type != EvIssued {
		t.Fatalf("replayed %+v %v", ev, err)
	}
	go hs.issue("b")
	ev, err = sub.Next(ctx)
	if err != nil || ev.Seq != 3 {
		t.Fatalf("live %+v %v", ev, err)
	}
	d, _ := ev.Decode()
	if d.Ticket.Number != "B001" {
		t.Errorf("live event ticket %+v", d.Ticket)
	}
}

// TestSlowSubscriberCatchesUpWithoutGaps: a subscriber with a tiny buffer
// that does not read while many events commit is dropped from the live set
// and must still see every event once, in order.
func TestSlowSubscriberCatchesUpWithoutGaps(t *testing.T) {
	hs := newHarness(t)
	hs.e.Close()
	e, err := Open(hs.path, hs.h, Options{Now: hs.clock.Now, SubscriberBuffer: 2})
	if err != nil {
		t.Fatal(err)
	}
	hs.e = e
	defer e.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sub := e.Subscribe(0)
	defer sub.Close()
	hs.issue("a")
	if ev, err := sub.Next(ctx); err != nil || ev.Seq != 1 {
		t.Fatalf("first: %+v %v", ev, err)
	}
	const n = 50
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			for range n / 5 {
				hs.issue("b")
			}
		})
	}
	wg.Wait()
	for want := uint64(2); want <= n+1; want++ {
		ev, err := sub.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if ev.Seq != want {
			t.Fatalf("got seq %d, want %d", ev.Seq, want)
		}
	}
	e.Close()
	if _, err := sub.Next(ctx); !errors.Is(err, ErrClosed) {
		t.Errorf("after close: %v", err)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestRestartLoadsOnlyLiveTickets: a restart in the middle of the day
// reads the live tickets only; today's finished ones are read back when
// rated, and the learned service times survive in meta.
func TestRestartLoadsOnlyLiveTickets(t *testing.T) {
	hs := newHarness(t)
	hs.login(1)
	done := hs.issue("a")
	hs.clock.Advance(time.Minute)
	hs.callNext(1)
	hs.e.Start(hs.act(1))
	hs.clock.Advance(3 * time.Minute)
	hs.e.Finish(hs.act(1), "")
	waiting := hs.issue("a")
	learned := hs.e.serviceSeconds("a")
	hs.reopen()
	if _, ok := hs.e.tickets[done.ID]; ok || len(hs.e.tickets) != 1 || hs.e.tickets[waiting.ID] == nil {
		t.Fatalf("after restart %d tickets in memory, want only the waiting one", len(hs.e.tickets))
	}
	if got := hs.e.serviceSeconds("a"); got != learned {
		t.Errorf("learned service time %v after restart, was %v", got, learned)
	}
	if v, err := hs.e.Ticket(done.ID); err != nil || v.State != Done {
		t.Errorf("finished ticket after restart: %+v %v", v, err)
	}
	if _, err := hs.e.Evaluate(EvaluateRequest{Ticket: done.ID, Level: 5, Channel: "keypad"}); err != nil {
		t.Fatalf("rating today's finished ticket after a restart: %v", err)
	}
	if _, err := hs.e.Evaluate(EvaluateRequest{Ticket: done.ID, Level: 4, Channel: "keypad"}); code(err) != "already_evaluated" {
		t.Errorf("second rating after restart: %v", err)
	}
	hs.reopen()
	if _, err := hs.e.Evaluate(EvaluateRequest{Ticket: done.ID, Level: 4, Channel: "keypad"}); code(err) != "already_evaluated" {
		t.Errorf("rating again after another restart: %v", err)
	}
}
