package queue

import (
	"slices"
	"testing"
)

// step is one action in a routing scenario: issue a ticket ("a", "a!" for a
// priority one) or call next at a window ("@1") expecting a number.
type step struct {
	do   string
	want string
}

func runSteps(t *testing.T, hs *harness, steps []step) {
	t.Helper()
	for i, s := range steps {
		if s.do[0] == '@' {
			n := int(s.do[1] - '0')
			v, err := hs.e.CallNext(hs.act(n))
			got := v.Number
			if err != nil {
				got = code(err)
			}
			if got != s.want {
				t.Fatalf("step %d (%s): got %s, want %s", i, s.do, got, s.want)
			}
			if err == nil {
				// Clear the window for the next call.
				if _, err := hs.e.Start(hs.act(n)); err != nil {
					t.Fatal(err)
				}
				if _, err := hs.e.Finish(hs.act(n), ""); err != nil {
					t.Fatal(err)
				}
			}
			continue
		}
		svc, prio := s.do, ""
		if svc[len(svc)-1] == '!' {
			svc, prio = svc[:len(svc)-1], "green"
		}
		v := hs.issue(svc, prio)
		if s.want != "" && v.Number != s.want {
			t.Fatalf("step %d: issued %s, want %s", i, v.Number, s.want)
		}
	}
}

func TestRouting(t *testing.T) {
	tests := []struct {
		name   string
		policy string
		steps  []step
	}{
		{"eligibility: a window calls only its services", "", []step{
			{"c", "C001"}, {"@4", "nobody_waiting"}, {"@3", "C001"},
		}},
		{"arrival: oldest first within a service", "", []step{
			{"a", "A001"}, {"a", "A002"}, {"a", "A003"}, {"@4", "A001"}, {"@4", "A002"}, {"@4", "A003"},
		}},
		{"priority goes first", "", []step{
			{"a", "A001"}, {"a", "A002"}, {"a!", "A003"}, {"@4", "A003"}, {"@4", "A001"},
		}},
		{"fairness: at most K=2 priority calls in a row while normal ones wait", "", []step{
			{"a", "A001"}, {"a!", "A002"}, {"a!", "A003"}, {"a!", "A004"},
			{"@4", "A002"}, {"@4", "A003"}, {"@4", "A001"}, {"@4", "A004"},
		}},
		{"fairness K=1", "priority_streak = 1", []step{
			{"a", "A001"}, {"a", "A002"}, {"a!", "A003"}, {"a!", "A004"},
			{"@4", "A003"}, {"@4", "A001"}, {"@4", "A004"}, {"@4", "A002"},
		}},
		{"fairness: priority continues when no normal ticket waits", "", []step{
			{"a!", "A001"}, {"a!", "A002"}, {"a!", "A003"}, {"@4", "A001"}, {"@4", "A002"}, {"@4", "A003"},
		}},
		{"fairness is per window", "", []step{
			{"a", "A001"}, {"a!", "A002"}, {"a!", "A003"}, {"a!", "A004"}, {"b", "B001"},
			{"@4", "A002"}, {"@4", "A003"}, {"@1", "A004"}, {"@4", "A001"},
		}},
		{"weight: the main service first, even if younger", "", []step{
			{"b", "B001"}, {"a", "A001"}, {"@1", "A001"}, {"@1", "B001"},
		}},
		{"weight: a side service only when the main one is empty", "", []step{
			{"b", "B001"}, {"@1", "B001"},
		}},
		{"equal weights fall back to arrival", "", []step{
			{"c", "C001"}, {"a", "A001"}, {"@3", "C001"}, {"@3", "A001"},
		}},
		{"priority beats weight", "", []step{
			{"a", "A001"}, {"b!", "B001"}, {"@1", "B001"}, {"@1", "A001"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hs := newHarness(t, tc.policy)
			for n := 1; n <= 4; n++ {
				hs.login(n)
			}
			runSteps(t, hs, tc.steps)
		})
	}
}

func TestRoutingTransferKeepsPlace(t *testing.T) {
	hs := newHarness(t)
	hs.login(1)
	hs.login(2)
	hs.login(4)
	b1 := hs.issue("b") // B001 arrives first
	hs.issue("a")       // A001
	hs.issue("a")       // A002
	if n := hs.callNext(2); n != b1.Number {
		t.Fatalf("window 2 called %s", n)
	}
	// B001 turns out to need 不动产: transfer to service a keeping its place.
	if _, err := hs.e.Transfer(hs.act(2), TransferRequest{Service: "a"}); err != nil {
		t.Fatal(err)
	}
	if n := hs.callNext(4); n != "B001" {
		t.Errorf("after transfer window 4 called %s, want B001 (kept its arrival place)", n)
	}
}

func TestRoutingTransferToEnd(t *testing.T) {
	hs := newHarness(t)
	hs.login(2)
	hs.login(4)
	hs.issue("b")
	hs.issue("a")
	hs.callNext(2)
	if _, err := hs.e.Transfer(hs.act(2), TransferRequest{Service: "a", ToEnd: true}); err != nil {
		t.Fatal(err)
	}
	if n := hs.serve(4); n != "A001" {
		t.Errorf("first call %s, want A001", n)
	}
	if n := hs.serve(4); n != "B001" {
		t.Errorf("second call %s, want B001 at the end", n)
	}
}

func TestRoutingTransferToWindow(t *testing.T) {
	hs := newHarness(t)
	hs.login(1)
	hs.login(2)
	hs.login(4)
	hs.issue("a")  // A001
	hs.issue("a")  // A002
	hs.issue("b")  // B001
	hs.callNext(4) // A001
	// Sent to window 2, which does not serve a: only window 2 may call it,
	// and before its own services.
	if _, err := hs.e.Transfer(hs.act(4), TransferRequest{Window: 2}); err != nil {
		t.Fatal(err)
	}
	if _, err := hs.e.CallTicket(hs.act(1), hs.findNumber("A001")); code(err) != "not_eligible" {
		t.Errorf("window 1 calling a ticket sent to window 2: %v", err)
	}
	if n := hs.serve(2); n != "A001" {
		t.Errorf("window 2 called %s, want A001", n)
	}
	if n := hs.serve(2); n != "B001" {
		t.Errorf("then %s, want B001", n)
	}
}

func TestRoutingNoShowReinsertBehindM(t *testing.T) {
	hs := newHarness(t, "reinsert_behind = 2")
	hs.login(4)
	for range 5 {
		hs.issue("a")
	}
	hs.callNext(4) // A001
	v, err := hs.e.NoShowTicket(hs.act(4))
	if err != nil || v.State != Waiting {
		t.Fatalf("no-show: %+v %v", v, err)
	}
	var order []string
	for range 5 {
		order = append(order, hs.serve(4))
	}
	want := []string{"A002", "A003", "A001", "A004", "A005"}
	if !slices.Equal(order, want) {
		t.Errorf("order after re-insert = %v, want %v", order, want)
	}
}

func TestNoShowPolicies(t *testing.T) {
	t.Run("void", func(t *testing.T) {
		hs := newHarness(t, `no_show = "void"`)
		hs.login(4)
		hs.issue("a")
		hs.callNext(4)
		v, err := hs.e.NoShowTicket(hs.act(4))
		if err != nil || v.State != NoShow {
			t.Fatalf("got %+v, %v", v, err)
		}
	})
	t.Run("reinsert once, then void", func(t *testing.T) {
		hs := newHarness(t)
		hs.login(4)
		hs.issue("a")
		hs.callNext(4)
		if v, _ := hs.e.NoShowTicket(hs.act(4)); v.State != Waiting {
			t.Fatalf("first no-show state %s", v.State)
		}
		hs.callNext(4)
		if v, _ := hs.e.NoShowTicket(hs.act(4)); v.State != NoShow {
			t.Fatalf("second no-show state %s", v.State)
		}
	})
	t.Run("fewer than M waiting goes to the end", func(t *testing.T) {
		hs := newHarness(t)
		hs.login(4)
		hs.issue("a")
		hs.issue("a")
		hs.callNext(4)
		hs.e.NoShowTicket(hs.act(4))
		if a, b := hs.serve(4), hs.serve(4); a != "A002" || b != "A001" {
			t.Errorf("order %s %s", a, b)
		}
	})
}

func (hs *harness) findNumber(num string) string {
	hs.e.mu.Lock()
	defer hs.e.mu.Unlock()
	for id, t := range hs.e.tickets {
		if t.Number == num {
			return id
		}
	}
	hs.t.Fatalf("no ticket %s", num)
	return ""
}
