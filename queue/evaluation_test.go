package queue

import (
	"testing"
	"time"
)

// TestDeviceEvaluationEndsWhenTheWindowMovesOn: a window's keypad or
// tablet rates the service the window just finished, until the window
// calls anyone else; a board's press made before the call and delivered
// after it still counts, and the phone (qr) is not bound to the window.
func TestDeviceEvaluationEndsWhenTheWindowMovesOn(t *testing.T) {
	tests := []struct {
		name    string
		verbs   []string // at window 4 after A001 finished
		channel string
		early   bool // a board's press made before the verbs, delivered after
		want    string
	}{
		{"right after the finish", nil, "keypad", false, ""},
		{"tablet right after the finish", nil, "tablet", false, ""},
		{"after pause and resume", []string{"pause", "resume"}, "keypad", false, ""},
		{"after the next call", []string{"call"}, "keypad", false, "evaluation_closed"},
		{"tablet after the next call", []string{"call"}, "tablet", false, "evaluation_closed"},
		{"after a recall", []string{"call", "recall"}, "keypad", false, "evaluation_closed"},
		{"after the next start", []string{"call", "start"}, "tablet", false, "evaluation_closed"},
		{"after a no-show", []string{"call", "no-show", "call"}, "keypad", false, "evaluation_closed"},
		{"board press made before the call", []string{"call", "start"}, "keypad", true, ""},
		{"phone after the next call", []string{"call", "start"}, "qr", false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hs := newHarness(t)
			_, tok := agentToken(t, hs, "window-4")
			hs.login(4)
			a1 := hs.issue("a")
			hs.issue("a")
			hs.issue("a")
			hs.serve(4)
			pressed := hs.clock.Now()
			for _, v := range tc.verbs {
				hs.clock.Advance(time.Second)
				var err error
				switch v {
				case "call":
					_, err = hs.e.CallNext(hs.act(4))
				case "recall":
					_, err = hs.e.Recall(hs.act(4))
				case "start":
					_, err = hs.e.Start(hs.act(4))
				case "no-show":
					_, err = hs.e.NoShowTicket(hs.act(4))
				case "pause":
					_, err = hs.e.Pause(hs.act(4), "午休")
				case "resume":
					_, err = hs.e.Resume(hs.act(4))
				}
				if err != nil {
					t.Fatalf("%s: %v", v, err)
				}
			}
			hs.clock.Advance(time.Second)
			var err error
			if tc.early {
				var d Delivery
				d, err = hs.e.Deliver(tok, Press{Outbox: "ob", Seq: 1, At: pressed, Kind: PressEvaluation, Ref: a1.ID, Level: 1, Channel: tc.channel})
				if d.Refused != nil {
					err = &Error{Code: d.Refused.Code}
				}
			} else {
				_, err = hs.e.Evaluate(EvaluateRequest{Ticket: a1.ID, Level: 1, Channel: tc.channel})
			}
			if code(err) != tc.want {
				t.Fatalf("%q (%v), want %q", code(err), err, tc.want)
			}
			if v, _ := hs.e.Ticket(a1.ID); v.Evaluated != (tc.want == "") {
				t.Errorf("evaluated = %v", v.Evaluated)
			}
		})
	}
}
