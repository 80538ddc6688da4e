package queue

import (
	"testing"
	"time"
)

func agentToken(t *testing.T, hs *harness, board string) (admin, tok string) {
	t.Helper()
	admin, _, err := hs.e.Login(LoginRequest{Staff: "root", PIN: "1234"})
	if err != nil {
		t.Fatal(err)
	}
	tok, err = hs.e.IssueAgentToken(admin, board)
	if err != nil {
		t.Fatal(err)
	}
	return admin, tok
}

func TestDeliverEvaluationOnce(t *testing.T) {
	hs := newHarness(t)
	_, tok := agentToken(t, hs, "window-1")
	hs.login(1)
	done := hs.issue("a").ID
	hs.serve(1)
	p := Press{Outbox: "ob1", Seq: 1, At: hs.clock.Now(), Device: "keypad-1", Kind: PressEvaluation, Ref: done, Level: 2, Channel: "keypad"}
	d, err := hs.e.Deliver(tok, p)
	if err != nil || d.Refused != nil || d.Duplicate {
		t.Fatalf("first delivery: %+v %v", d, err)
	}
	// The answer was lost; the agent restarts and sends it again, also
	// after a hub restart.
	hs.reopen()
	d, err = hs.e.Deliver(tok, p)
	if err != nil || !d.Duplicate || d.Refused != nil {
		t.Fatalf("second delivery: %+v %v", d, err)
	}
	if rt, _ := hs.e.ratableTicket(done); rt == nil {
		t.Fatalf("ticket %s not found", done)
	} else if ev := rt.Evaluation; ev == nil || ev.Level != 2 || ev.Channel != "keypad" {
		t.Fatalf("evaluation: %+v", ev)
	}
	if f := hs.e.follow[done]; f == nil {
		t.Error("a 差评 delivered by an agent opened no follow-up")
	}
	// A second press for the same service is answered with the refusal and
	// not sent again.
	p.Seq, p.Level = 2, 5
	d, err = hs.e.Deliver(tok, p)
	if err != nil || d.Refused == nil || d.Refused.Code != "already_evaluated" {
		t.Fatalf("second rating: %+v %v", d, err)
	}
	// An older press is a duplicate without details.
	p.Seq = 1
	if d, err := hs.e.Deliver(tok, p); err != nil || !d.Duplicate {
		t.Fatalf("older press: %+v %v", d, err)
	}
}

func TestDeliverIssue(t *testing.T) {
	tests := []struct {
		name    string
		press   Press
		age     time.Duration
		refused string
	}{
		{"fresh press issues", Press{Kind: PressIssue, Service: "a"}, 0, ""},
		{"a minute late issues", Press{Kind: PressIssue, Service: "a"}, time.Minute, ""},
		{"three minutes late does not", Press{Kind: PressIssue, Service: "a"}, 3 * time.Minute, "press_too_late"},
		{"unknown service", Press{Kind: PressIssue, Service: "zz"}, 0, "unknown_service"},
		{"service not issuing now", Press{Kind: PressIssue, Service: "c"}, -3 * time.Hour, "outside_hours"},
		{"unknown kind", Press{Kind: "reboot"}, 0, "bad_press_kind"},
		{"bad level", Press{Kind: PressEvaluation, Ref: "x", Level: 9, Channel: "keypad"}, 0, "bad_level"},
		{"unknown ticket", Press{Kind: PressEvaluation, Ref: "x", Level: 5, Channel: "keypad"}, 0, "ticket_not_found"},
		{"unknown case", Press{Kind: PressEvaluation, Ref: CaseNode("20261123-0001"), Level: 5, Channel: "keypad"}, 0, "case_not_found"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hs := newHarness(t)
			_, tok := agentToken(t, hs, "kiosk-board")
			if tc.age < 0 { // move the clock instead: the press is now
				hs.clock.Advance(-tc.age)
				tc.age = 0
			}
			p := tc.press
			p.Outbox, p.Seq, p.Device, p.At = "ob", 7, "button-1", hs.clock.Now().Add(-tc.age)
			d, err := hs.e.Deliver(tok, p)
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if d.Refused != nil {
				got = d.Refused.Code
			}
			if got != tc.refused {
				t.Fatalf("refused %q, want %q (%+v)", got, tc.refused, d)
			}
			if tc.refused == "" {
				if d.Ticket == nil || d.Ticket.Channel != "button" || d.Key != hs.e.TicketKey(d.Ticket.ID) {
					t.Fatalf("issued: %+v", d)
				}
				again, _ := hs.e.Deliver(tok, p)
				if !again.Duplicate || again.Ticket == nil || again.Ticket.ID != d.Ticket.ID {
					t.Fatalf("redelivery issued again or lost the ticket: %+v", again)
				}
				if hv, _ := hs.e.HallView(); hv.Services[0].Waiting != 1 {
					t.Errorf("waiting %d after a press delivered twice", hv.Services[0].Waiting)
				}
			}
		})
	}
}

func TestDeliverAuthAndNewOutbox(t *testing.T) {
	hs := newHarness(t)
	admin, tok := agentToken(t, hs, "kiosk-board")
	clerk := hs.login(1).Token
	p := Press{Outbox: "old", Seq: 3, At: hs.clock.Now(), Kind: PressIssue, Service: "a"}
	if _, err := hs.e.Deliver(clerk, p); code(err) != "not_allowed" {
		t.Errorf("a clerk's token delivered a press: %v", err)
	}
	if _, err := hs.e.Deliver(tok, Press{Outbox: "old", Kind: PressIssue}); code(err) != "bad_press" {
		t.Errorf("press without a number: %v", err)
	}
	if d, err := hs.e.Deliver(tok, p); err != nil || d.Ticket == nil {
		t.Fatalf("deliver: %+v %v", d, err)
	}
	// The board was re-imaged: its new outbox numbers from 1 again.
	p.Outbox, p.Seq = "new", 1
	if d, err := hs.e.Deliver(tok, p); err != nil || d.Duplicate || d.Ticket == nil {
		t.Fatalf("new outbox: %+v %v", d, err)
	}
	if b, err := hs.e.AgentBoard(tok); err != nil || b != "kiosk-board" {
		t.Errorf("AgentBoard = %q, %v", b, err)
	}
	if names, _ := hs.e.AgentBoards(admin); len(names) != 1 || names[0] != "kiosk-board" {
		t.Errorf("AgentBoards = %v", names)
	}
	if err := hs.e.RevokeAgentToken(admin, "kiosk-board"); err != nil {
		t.Fatal(err)
	}
	p.Seq = 2
	if _, err := hs.e.Deliver(tok, p); code(err) != "session_invalid" {
		t.Errorf("a revoked token delivered: %v", err)
	}
}
