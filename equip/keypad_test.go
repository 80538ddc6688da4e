package equip

import (
	"context"
	"testing"
	"time"

	"halld/queue"
	"halld/queue/hall"
)

// TestKeypadOnePressPerService: the keypad of window 3 (a simulated USB
// keypad whose presses are input_event bytes) is armed when the window
// finishes a service; the first press is the evaluation, a second press of
// the same service counts for nothing, and a keypad of another window is
// never armed. (Presses while disarmed are the gate's own tests.)
func TestKeypadOnePressPerService(t *testing.T) {
	e := newEngine(t)
	cfg := Config{Keypads: []Keypad{{ID: "kp3", Window: 3, Transport: Sim}, {ID: "kp4", Window: 4, Transport: Sim}}}
	if err := cfg.Validate(hall.Demo()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	armed := make(chan string, 4)
	q, err := start(ctx, engineHub{e}, cfg, nil, nil, func(q *Equip) {
		q.afterArm = func(n int, ticket string) { armed <- ticket }
	})
	if err != nil {
		t.Fatal(err)
	}
	v := serveOne(t, e, 3)
	sub := e.Subscribe(e.Stats().Seq)
	defer sub.Close()
	select {
	case ref := <-armed:
		if ref != v.ID {
			t.Fatalf("armed for %s, want %s", ref, v.ID)
		}
	case <-ctx.Done():
		t.Fatal("keypads never armed")
	}
	for _, k := range q.simState().Keypads {
		if k.Armed != (k.ID == "kp3") {
			t.Fatalf("keypad %s armed = %v", k.ID, k.Armed)
		}
	}
	q.pressSimKeypad("kp3", 2)
	q.pressSimKeypad("kp3", 5) // the same service again: ignored
	ev, err := sub.Next(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := ev.Decode()
	if ev.Type != queue.EvEvaluated || d.Ticket.ID != v.ID || d.Evaluation.Level != 2 {
		t.Fatalf("event %s %+v", ev.Type, d.Evaluation)
	}
	if tv, _ := e.Ticket(v.ID); !tv.Evaluated {
		t.Error("ticket not marked evaluated")
	}
}

// TestKeypadAtCaseCollection: when the applicant collects a case's result
// at window 3, its keypad asks for the 办结 evaluation.
func TestKeypadAtCaseCollection(t *testing.T) {
	e := newEngine(t)
	cfg := Config{Keypads: []Keypad{{ID: "kp3", Window: 3, Transport: Sim}}}
	if err := cfg.Validate(hall.Demo()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	armed := make(chan string, 1)
	q, err := start(ctx, engineHub{e}, cfg, nil, nil, func(q *Equip) { q.afterArm = func(_ int, ref string) { armed <- ref } })
	if err != nil {
		t.Fatal(err)
	}
	c, err := e.CreateCase("api:test", queue.CaseRequest{Service: "estate", Window: 3, Type: queue.CasePromised, PromisedDays: 2, Applicant: queue.Applicant{Name: "王五"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []queue.CaseState{queue.CaseDone, queue.CasePickedUp} {
		if _, err := e.UpdateCase("w3", c.Number, queue.CaseUpdate{State: s}); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case ref := <-armed:
		if ref != queue.CaseNode(c.Number) {
			t.Fatalf("armed for %q", ref)
		}
	case <-ctx.Done():
		t.Fatal("no keypad armed at collection")
	}
	sub := e.Subscribe(e.Stats().Seq)
	defer sub.Close()
	q.pressSimKeypad("kp3", 5)
	ev, err := sub.Next(ctx)
	if err != nil || ev.Type != queue.EvCaseEvaluated {
		t.Fatalf("%s %v", ev.Type, err)
	}
	if v, _ := e.CaseByNumber(c.Number); !v.Evaluated {
		t.Error("case not marked evaluated")
	}
}
