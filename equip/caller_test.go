package equip

import (
	"context"
	"testing"
	"time"

	"halld/device/caller"
	"halld/queue"
	"halld/queue/hall"
)

// TestCallerWorksAWindow: window 3 worked entirely from a simulated
// caller — the real frames on a pipe, echoed by the bus — login with staff
// number and PIN, call, recall, no-show, hold and callback, pause and
// resume, 评价 (finish) and the evaluator's rating on the same line.
func TestCallerWorksAWindow(t *testing.T) {
	e := newEngine(t)
	cfg := Config{
		Callers: []Caller{{ID: "caller-3", Window: 3, Transport: Sim, Path: "bus0", Address: 3, Evaluator: 0x13, StaffPrefix: "w"},
			{ID: "caller-4", Window: 4, Transport: Sim, Path: "bus0", Address: 4, StaffPrefix: "w"}},
		Keypads: []Keypad{{ID: "eval-3", Window: 3, Transport: CallerKeys}},
	}
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
	sim := q.callers[0].sim
	press := func(fn byte, data ...byte) {
		t.Helper()
		if err := sim.Press(ctx, 3, fn, data...); err != nil {
			t.Fatal(err)
		}
	}
	want := func(text string) {
		t.Helper()
		if err := sim.Wait(ctx, 3, text); err != nil {
			t.Fatal(err)
		}
	}
	window := func() queue.WindowView {
		t.Helper()
		hv, err := e.HallView()
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range hv.Windows {
			if w.Number == 3 {
				return w
			}
		}
		t.Fatal("no window 3")
		return queue.WindowView{}
	}
	want(showLogin)
	if err := sim.Wait(ctx, 4, showLogin); err != nil {
		t.Fatal(err)
	}

	press(caller.FuncCall) // not logged in
	want(showLogin)
	press(caller.FuncConfirm, 3) // staff number 3 → w3
	want(showPIN)
	press(caller.FuncConfirm, 9, 9, 9, 9) // wrong PIN
	want(showBadPIN)
	press(caller.FuncConfirm, 3)
	want(showPIN)
	press(caller.FuncConfirm, 1, 2, 3, 4)
	want(showIdle)
	if w := window(); w.Staff == nil || w.Staff.ID != "w3" {
		t.Fatalf("window 3 staff %+v", w.Staff)
	}

	press(caller.FuncCall) // nothing waiting
	want(showRefused)
	var nums []string
	for range 3 {
		v, err := e.Issue(queue.IssueRequest{Service: "estate"})
		if err != nil {
			t.Fatal(err)
		}
		nums = append(nums, v.Number)
	}
	press(caller.FuncCall)
	want(ticketDigits(nums[0]))
	recalls := e.Subscribe(e.Stats().Seq)
	defer recalls.Close()
	press(caller.FuncRecall) // the display stays; the event says it happened
	nextOf(t, ctx, recalls, queue.EvRecalled)
	press(caller.FuncConfirm, caller.ConfirmNoShow) // 弃号
	want(showIdle)
	press(caller.FuncCall)
	want(ticketDigits(nums[1]))
	press(caller.FuncConfirm, caller.ConfirmHold) // 挂起
	want(showIdle)
	if w := window(); len(w.Held) != 1 || w.Held[0].Number != nums[1] {
		t.Fatalf("held %+v", w.Held)
	}
	press(caller.FuncTransfer) // no target configured
	want(showNoKey)
	press(caller.FuncPause)
	want(showPaused)
	press(caller.FuncConfirm, caller.ConfirmCallback) // paused: refused
	want(showRefused)
	press(caller.FuncPause) // resume
	want(showIdle)
	press(caller.FuncConfirm, caller.ConfirmCallback) // 回呼
	want(ticketDigits(nums[1]))
	press(caller.FuncEvaluate) // finish; the evaluator is armed
	want(showIdle)
	held := nums[1]
	var ref string
	select {
	case ref = <-armed:
	case <-ctx.Done():
		t.Fatal("evaluator never armed")
	}
	sub := e.Subscribe(e.Stats().Seq)
	defer sub.Close()
	if err := sim.Press(ctx, 0x13, caller.FuncRating, 4); err != nil {
		t.Fatal(err)
	}
	ev := nextOf(t, ctx, sub, queue.EvEvaluated)
	d, _ := ev.Decode()
	if ev.Type != queue.EvEvaluated || d.Ticket.ID != ref || d.Ticket.Number != held || d.Evaluation.Level != 4 {
		t.Fatalf("event %s %+v", ev.Type, d)
	}
	press(caller.FuncConfirm) // nothing typed: log out
	want(showLogin)
	if w := window(); w.Staff != nil || w.State != queue.WindowClosed {
		t.Errorf("after logout: window 3 %s, staff %+v", w.State, w.Staff)
	}
	press(caller.FuncCall) // logged out: the key asks for the login
	want(showLogin)
	if s := sim.Shown(4); s != showLogin {
		t.Errorf("caller 4 shows %q, untouched by window 3", s)
	}
}

func TestTicketDigits(t *testing.T) {
	for in, want := range map[string]string{"A042": "042", "B7": "007", "A1234": "234", "": "000", "GA001": "001"} {
		if got := ticketDigits(in); got != want {
			t.Errorf("ticketDigits(%q) = %q, want %q", in, got, want)
		}
	}
}

// nextOf skips events (the tail of earlier verbs) until one of type typ.
func nextOf(t *testing.T, ctx context.Context, sub *queue.Subscription, typ string) queue.Event {
	t.Helper()
	for {
		ev, err := sub.Next(ctx)
		if err != nil {
			t.Fatalf("waiting for %s: %v", typ, err)
		}
		if ev.Type == typ {
			return ev
		}
	}
}
