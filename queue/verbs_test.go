package queue

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"halld/queue/hall"
)

// TestVerbTransitions checks every window verb from every state of the
// window's current ticket: allowed ones move to the right state, others are
// refused with a code and change nothing.
func TestVerbTransitions(t *testing.T) {
	type verb func(hs *harness) (TicketView, error)
	verbs := map[string]verb{
		"recall":   func(hs *harness) (TicketView, error) { return hs.e.Recall(hs.act(4)) },
		"start":    func(hs *harness) (TicketView, error) { return hs.e.Start(hs.act(4)) },
		"finish":   func(hs *harness) (TicketView, error) { return hs.e.Finish(hs.act(4), "") },
		"no-show":  func(hs *harness) (TicketView, error) { return hs.e.NoShowTicket(hs.act(4)) },
		"hold":     func(hs *harness) (TicketView, error) { return hs.e.Hold(hs.act(4)) },
		"transfer": func(hs *harness) (TicketView, error) { return hs.e.Transfer(hs.act(4), TransferRequest{Service: "b"}) },
		"call":     func(hs *harness) (TicketView, error) { return hs.e.CallNext(hs.act(4)) },
		"pause":    func(hs *harness) (TicketView, error) { return hs.e.Pause(hs.act(4), "午休") },
	}
	// setups leave window 4 with its current ticket in a given state.
	setups := map[string]func(hs *harness){
		"none": func(hs *harness) {},
		"called": func(hs *harness) {
			hs.callNext(4)
		},
		"serving": func(hs *harness) {
			hs.callNext(4)
			hs.e.Start(hs.act(4))
		},
	}
	tests := []struct {
		setup, verb string
		want        string // resulting ticket state, or refusal code
	}{
		{"none", "recall", "no_current_ticket"},
		{"none", "start", "no_current_ticket"},
		{"none", "finish", "no_current_ticket"},
		{"none", "no-show", "no_current_ticket"},
		{"none", "hold", "no_current_ticket"},
		{"none", "transfer", "no_current_ticket"},
		{"none", "call", "called"},
		{"none", "pause", ""},
		{"called", "recall", "called"},
		{"called", "start", "serving"},
		{"called", "finish", "bad_state"},
		{"called", "no-show", "waiting"},
		{"called", "hold", "held"},
		{"called", "transfer", "waiting"},
		{"called", "call", "window_busy"},
		{"called", "pause", "window_busy"},
		{"serving", "recall", "bad_state"},
		{"serving", "start", "bad_state"},
		{"serving", "finish", "done"},
		{"serving", "no-show", "bad_state"},
		{"serving", "hold", "held"},
		{"serving", "transfer", "waiting"},
		{"serving", "call", "window_busy"},
		{"serving", "pause", "window_busy"},
	}
	for _, tc := range tests {
		t.Run(tc.setup+"/"+tc.verb, func(t *testing.T) {
			hs := newHarness(t)
			hs.login(4)
			hs.issue("a")
			hs.issue("a")
			setups[tc.setup](hs)
			seq := hs.e.Stats().Seq
			v, err := verbs[tc.verb](hs)
			got := string(v.State)
			if err != nil {
				got = code(err)
				if s := hs.e.Stats().Seq; s != seq {
					t.Errorf("refused verb wrote events (seq %d → %d)", seq, s)
				}
			}
			if got != tc.want {
				t.Fatalf("got %q (%v), want %q", got, err, tc.want)
			}
		})
	}
}

func TestRecallLimit(t *testing.T) {
	hs := newHarness(t, "recall_limit = 2")
	hs.login(4)
	hs.issue("a")
	hs.callNext(4)
	for i := 1; i <= 2; i++ {
		v, err := hs.e.Recall(hs.act(4))
		if err != nil || v.Recalls != i {
			t.Fatalf("recall %d: %+v %v", i, v, err)
		}
	}
	if _, err := hs.e.Recall(hs.act(4)); code(err) != "recall_limit" {
		t.Fatalf("third recall: %v", err)
	}
}

func TestHoldAndCallback(t *testing.T) {
	hs := newHarness(t)
	hs.login(4)
	a1 := hs.issue("a")
	hs.issue("a")
	hs.callNext(4)
	hs.e.Start(hs.act(4))
	if _, err := hs.e.Hold(hs.act(4)); err != nil {
		t.Fatal(err)
	}
	// The window serves someone else meanwhile.
	if n := hs.callNext(4); n != "A002" {
		t.Fatalf("called %s", n)
	}
	if _, err := hs.e.Callback(hs.act(4), a1.ID); code(err) != "window_busy" {
		t.Fatalf("callback while busy: %v", err)
	}
	hs.e.Start(hs.act(4))
	hs.e.Finish(hs.act(4), "")
	v, err := hs.e.Callback(hs.act(4), a1.ID)
	if err != nil || v.State != Called || v.Number != "A001" {
		t.Fatalf("callback: %+v %v", v, err)
	}
	if _, err := hs.e.Callback(hs.act(4), a1.ID); code(err) != "window_busy" {
		t.Fatalf("second callback: %v", err)
	}
	hs.login(1)
	hs.issue("a")
	if _, err := hs.e.Callback(hs.act(1), a1.ID); code(err) != "not_held" {
		t.Fatalf("another window calling back: %v", err)
	}
}

func TestCallSpecificTicket(t *testing.T) {
	hs := newHarness(t)
	hs.login(4)
	hs.login(2)
	hs.issue("a")
	a2 := hs.issue("a")
	b1 := hs.issue("b")
	v, err := hs.e.CallTicket(hs.act(4), a2.ID)
	if err != nil || v.Number != "A002" || v.Window != 4 {
		t.Fatalf("call A002: %+v %v", v, err)
	}
	hs.e.Start(hs.act(4))
	hs.e.Finish(hs.act(4), "")
	if _, err := hs.e.CallTicket(hs.act(4), b1.ID); code(err) != "not_eligible" {
		t.Errorf("window 4 calling B001: %v", err)
	}
	if _, err := hs.e.CallTicket(hs.act(4), a2.ID); code(err) != "bad_state" {
		t.Errorf("calling a finished ticket: %v", err)
	}
	if _, err := hs.e.CallTicket(hs.act(4), "nope"); code(err) != "ticket_not_found" {
		t.Errorf("calling a missing ticket: %v", err)
	}
}

func TestPauseResume(t *testing.T) {
	hs := newHarness(t)
	hs.login(4)
	hs.issue("a")
	if _, err := hs.e.Pause(hs.act(4), ""); code(err) != "bad_reason" {
		t.Errorf("empty reason: %v", err)
	}
	if _, err := hs.e.Pause(hs.act(4), "午休"); err != nil {
		t.Fatal(err)
	}
	if _, err := hs.e.CallNext(hs.act(4)); code(err) != "window_paused" {
		t.Errorf("call while paused: %v", err)
	}
	hv, _ := hs.e.HallView()
	if w := hv.Windows[3]; w.State != WindowPaused || w.PauseReason != "午休" {
		t.Errorf("window 4 view: %+v", w)
	}
	if _, err := hs.e.Resume(hs.act(4)); err != nil {
		t.Fatal(err)
	}
	if _, err := hs.e.Resume(hs.act(4)); code(err) != "not_paused" {
		t.Errorf("second resume: %v", err)
	}
	hs.callNext(4)
}

func TestCancel(t *testing.T) {
	hs := newHarness(t)
	hs.login(4)
	a1 := hs.issue("a")
	if _, err := hs.e.Cancel(hs.tokens[4], a1.ID); code(err) != "supervisor_only" {
		t.Errorf("clerk cancel: %v", err)
	}
	tok, _, err := hs.e.Login(LoginRequest{Staff: "boss", PIN: "1234"})
	if err != nil {
		t.Fatal(err)
	}
	v, err := hs.e.Cancel(tok, a1.ID)
	if err != nil || v.State != Cancelled {
		t.Fatalf("cancel: %+v %v", v, err)
	}
	if _, err := hs.e.CallNext(hs.act(4)); code(err) != "nobody_waiting" {
		t.Errorf("cancelled ticket still callable: %v", err)
	}
}

func TestFinishOutcomeAndLearning(t *testing.T) {
	hs := newHarness(t)
	hs.login(4)
	hs.issue("a")
	hs.callNext(4)
	hs.e.Start(hs.act(4))
	if _, err := hs.e.Finish(hs.act(4), "bogus"); code(err) != "bad_outcome" {
		t.Fatalf("bad outcome: %v", err)
	}
	hs.clock.Advance(20 * time.Minute)
	v, err := hs.e.Finish(hs.act(4), OutcomeAccepted)
	if err != nil || v.Outcome != OutcomeAccepted || v.State != Done {
		t.Fatalf("finish: %+v %v", v, err)
	}
	// Default 10 min, one 20 min service: 600 + 0.2*(1200-600) = 720 s.
	if got := hs.e.serviceSeconds("a"); got != 720 {
		t.Errorf("learned service time %v, want 720", got)
	}
}

func TestWaitEstimate(t *testing.T) {
	hs := newHarness(t)
	// a is served by windows 1, 3 and 4; none open: the three configured
	// windows share the queue. Default service time 600 s.
	hs.issue("a")
	hs.issue("a")
	v := hs.issue("a")
	if *v.Ahead != 2 || *v.WaitEstimateS != 2*600/3 {
		t.Errorf("ahead %d wait %d, want 2 and 400", *v.Ahead, *v.WaitEstimateS)
	}
	hs.login(4) // one window open now serves everything
	tv, _ := hs.e.Ticket(v.ID)
	if *tv.WaitEstimateS != 1200 {
		t.Errorf("wait with one window open = %d, want 1200", *tv.WaitEstimateS)
	}
	p := hs.issue("a", "green")
	if *p.Ahead != 0 {
		t.Errorf("priority ticket has %d ahead", *p.Ahead)
	}
	tv, _ = hs.e.Ticket(v.ID)
	if *tv.Ahead != 3 {
		t.Errorf("normal ticket ahead after a priority one = %d, want 3", *tv.Ahead)
	}
	if len(v.Windows) != 3 {
		t.Errorf("windows serving a = %v", v.Windows)
	}
}

func TestReportDevice(t *testing.T) {
	hs := newHarness(t)
	seq := hs.e.Stats().Seq
	d := DeviceState{ID: "printer-k1", Kind: "printer", State: "paper_out", Detail: "打印机缺纸"}
	if err := hs.e.ReportDevice(d); err != nil {
		t.Fatal(err)
	}
	if err := hs.e.ReportDevice(d); err != nil { // unchanged: no event
		t.Fatal(err)
	}
	if got := hs.e.Stats().Seq; got != seq+1 {
		t.Errorf("two identical reports made %d events, want 1", got-seq)
	}
	if ds := hs.e.Devices(); len(ds) != 1 || ds[0].State != "paper_out" || ds[0].Since.IsZero() {
		t.Errorf("devices %+v", ds)
	}
	if err := hs.e.ReportDevice(DeviceState{}); code(err) != "bad_device_state" {
		t.Errorf("empty report: %v", err)
	}
}

func TestEvaluate(t *testing.T) {
	hs := newHarness(t)
	hs.login(4)
	a1 := hs.issue("a")
	a2 := hs.issue("a")
	hs.serve(4) // A001 finished
	hs.callNext(4)
	tests := []struct {
		name string
		req  EvaluateRequest
		want string
	}{
		{"level out of range", EvaluateRequest{Ticket: a1.ID, Level: 6, Channel: "keypad"}, "bad_level"},
		{"bad channel", EvaluateRequest{Ticket: a1.ID, Level: 5, Channel: "fax"}, "bad_channel"},
		{"not finished", EvaluateRequest{Ticket: a2.ID, Level: 5, Channel: "keypad"}, "not_finished"},
		{"unknown ticket", EvaluateRequest{Ticket: "nope", Level: 5, Channel: "keypad"}, "ticket_not_found"},
		{"keypad after the window called the next", EvaluateRequest{Ticket: a1.ID, Level: 1, Channel: "keypad"}, "evaluation_closed"},
		{"tablet after the window called the next", EvaluateRequest{Ticket: a1.ID, Level: 1, Channel: "tablet"}, "evaluation_closed"},
		{"ok", EvaluateRequest{Ticket: a1.ID, Level: 2, Channel: "qr", Tags: []string{"效率不高"}}, ""},
		{"one evaluation per service", EvaluateRequest{Ticket: a1.ID, Level: 5, Channel: "qr"}, "already_evaluated"},
	}
	for _, tc := range tests {
		_, err := hs.e.Evaluate(tc.req)
		if code(err) != tc.want {
			t.Errorf("%s: %q (%v), want %q", tc.name, code(err), err, tc.want)
		}
	}
	evs, _ := hs.e.ReadEvents(0, 100)
	// A 差评: the evaluation, then its follow-up opens.
	ev, fu := evs[len(evs)-2], evs[len(evs)-1]
	d, _ := ev.Decode()
	if ev.Type != EvEvaluated || d.Evaluation.LevelName != "不满意" || d.Evaluation.Staff != "w4" || d.FromWindow != 4 {
		t.Errorf("evaluation event %s %+v", ev.Type, d.Evaluation)
	}
	if fu.Type != EvFollowUpOpened {
		t.Errorf("no follow-up after a 差评: %s", fu.Type)
	}
	hs.reopen()
	if v, _ := hs.e.Ticket(a1.ID); !v.Evaluated {
		t.Error("the evaluation did not survive a restart")
	}
}

// TestPhoneRatingWindow: policy evaluation_days lets the holder of the
// ticket rate from the phone on the following days (e.g. 7), then no more;
// the rating counts with the day of the service.
func TestPhoneRatingWindow(t *testing.T) {
	tests := []struct {
		name   string
		policy string
		after  int // days after the day of service
		want   string
	}{
		{"day of service", "", 0, ""},
		{"next day, default window", "", 1, "evaluation_closed"},
		{"next day, 7 days", "evaluation_days = 7", 1, ""},
		{"7th day, 7 days", "evaluation_days = 7", 7, ""},
		{"8th day, 7 days", "evaluation_days = 7", 8, "evaluation_closed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hs := newHarness(t, tc.policy)
			hs.login(4)
			tk := hs.issue("a")
			hs.serve(4)
			hs.reopen() // the ticket is read back from the database
			hs.jump(monday10.AddDate(0, 0, tc.after))
			_, err := hs.e.EvaluateByKey(hs.e.TicketKey(tk.ID), EvaluateRequest{Ticket: tk.ID, Level: 5})
			if code(err) != tc.want {
				t.Fatalf("rating %d days later: %q (%v), want %q", tc.after, code(err), err, tc.want)
			}
			if err != nil {
				return
			}
			if _, err := hs.e.EvaluateByKey(hs.e.TicketKey(tk.ID), EvaluateRequest{Ticket: tk.ID, Level: 1}); code(err) != "already_evaluated" {
				t.Errorf("second rating: %v", err)
			}
			day := monday10.Format(time.DateOnly)
			rows, _ := hs.e.Report(day, day, ByHall)
			if c := rows[0].Counts; c.Served != 1 || c.Evaluated != 1 {
				t.Errorf("day of service: served %d, evaluated %d; want 1 and 1", c.Served, c.Evaluated)
			}
		})
	}
	if _, err := hall.Parse([]byte(fmt.Sprintf(testHall, "evaluation_days = 7\ndefault_evaluation_days = 7\ndefault_evaluation_level = 3")), "t.toml"); err == nil ||
		!strings.Contains(err.Error(), "policy.evaluation_days: 7 must be less than default_evaluation_days (7)") {
		t.Errorf("a window reaching the default rating: %v", err)
	}
}
