package equip

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"halld/device/keypad"
	"halld/queue"
	"halld/queue/hall"
)

// evalHall runs window 3 with a keypad (kp3) and a tablet (pad3) on a
// fresh engine, and waits for equip to have handled every event.
type evalHall struct {
	t    *testing.T
	e    *queue.Engine
	q    *Equip
	mux  *http.ServeMux
	act  queue.Act
	mu   sync.Mutex
	seq  uint64
	cond chan struct{}
}

func newEvalHall(t *testing.T) *evalHall {
	t.Helper()
	h := &evalHall{t: t, e: newEngine(t), mux: http.NewServeMux(), cond: make(chan struct{}, 1)}
	cfg := Config{Keypads: []Keypad{{ID: "kp3", Window: 3, Transport: Sim}, {ID: "pad3", Window: 3, Transport: Tablet}}}
	if err := cfg.Validate(hall.Demo()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	q, err := start(ctx, engineHub{h.e}, cfg, nil, nil, func(q *Equip) {
		q.afterEvent = func(seq uint64) {
			h.mu.Lock()
			h.seq = seq
			h.mu.Unlock()
			select {
			case h.cond <- struct{}{}:
			default:
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	h.q = q
	q.RegisterPads(h.mux)
	return h
}

// settle waits until equip has handled every committed event.
func (h *evalHall) settle() {
	h.t.Helper()
	want := h.e.Stats().Seq
	timeout := time.After(10 * time.Second)
	for {
		h.mu.Lock()
		done := h.seq >= want
		h.mu.Unlock()
		if done {
			return
		}
		select {
		case <-h.cond:
		case <-timeout:
			h.t.Fatalf("equip never handled event %d", want)
		}
	}
}

func (h *evalHall) keypad(id string) *evalKeypad {
	for _, k := range h.q.keypads {
		if k.cfg.ID == id {
			return k
		}
	}
	h.t.Fatalf("no keypad %s", id)
	return nil
}

// padPress presses level on the tablet and returns the status and code.
func (h *evalHall) padPress(level int) (int, string) {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/api/v1/keypads/pad3/press", strings.NewReader(`{"level":`+string(rune('0'+level))+`}`))
	req.Header.Set("Content-Type", "application/json")
	h.mux.ServeHTTP(rec, req)
	var body struct {
		Error struct{ Code string } `json:"error"`
	}
	json.Unmarshal(rec.Body.Bytes(), &body)
	return rec.Code, body.Error.Code
}

// TestEvaluationEndsWhenTheWindowMovesOn: window 3 finishes a service,
// then does the verbs; a 非常不满意 press on its keypad or tablet then
// rates that service only if nothing else happened at the window (issue 16,
// case 1), and the tablet answers after the commit with the engine's
// verdict (issue 18, item 2).
func TestEvaluationEndsWhenTheWindowMovesOn(t *testing.T) {
	tests := []struct {
		name   string
		verbs  []string
		status int    // the tablet's answer
		code   string // its error code
		rated  bool   // the finished service was rated by the press
	}{
		{"right after the finish", nil, 200, "", true},
		{"pause in between", []string{"pause"}, 200, "", true},
		{"the next call", []string{"call"}, 409, "not_armed", false},
		{"the next call and start", []string{"call", "start"}, 409, "not_armed", false},
		{"a recall", []string{"call", "recall"}, 409, "not_armed", false},
		{"logout", []string{"logout"}, 409, "not_armed", false},
		{"rated on the phone", []string{"qr"}, 409, "not_armed", false},
		{"the pad armed but the window moved on", []string{"call", "rearm"}, 409, "evaluation_closed", false},
		{"the pad armed but rated on the phone", []string{"qr", "rearm"}, 409, "already_evaluated", false},
	}
	for _, device := range []string{"keypad", "tablet"} {
		for _, tc := range tests {
			t.Run(device+"/"+tc.name, func(t *testing.T) {
				h := newEvalHall(t)
				done := serveOne(t, h.e, 3)
				h.e.Issue(queue.IssueRequest{Service: "estate"})
				h.e.Issue(queue.IssueRequest{Service: "estate"})
				tok, _, err := h.e.Login(queue.LoginRequest{Staff: "w3", PIN: "1234", Window: 3, Takeover: true})
				if err != nil {
					t.Fatal(err)
				}
				a := queue.Act{Token: tok, Window: 3}
				h.settle()
				for _, v := range tc.verbs {
					switch v {
					case "call":
						_, err = h.e.CallNext(a)
					case "start":
						_, err = h.e.Start(a)
					case "recall":
						_, err = h.e.Recall(a)
					case "pause":
						_, err = h.e.Pause(a, "午休")
					case "logout":
						err = h.e.Logout(tok)
					case "qr":
						_, err = h.e.EvaluateByKey(h.e.TicketKey(done.ID), queue.EvaluateRequest{Ticket: done.ID, Level: 5})
					case "rearm": // the event that ends it is still on its way
						h.settle()
						for _, k := range h.q.keypads {
							k.gate.Arm(done.ID, time.Minute)
						}
					}
					if err != nil {
						t.Fatalf("%s: %v", v, err)
					}
				}
				h.settle()
				if device == "keypad" {
					h.keypad("kp3").gate.Press(keypad.VeryDissatisfied) // as the driver does
				} else if status, code := h.padPress(1); status != tc.status || code != tc.code {
					t.Errorf("tablet answered %d %q, want %d %q", status, code, tc.status, tc.code)
				}
				evs, err := h.e.ReadEvents(0, 10000)
				if err != nil {
					t.Fatal(err)
				}
				rated, followed := false, false
				for _, ev := range evs {
					d, _ := ev.Decode()
					switch {
					case ev.Type == queue.EvEvaluated && d.Ticket.ID == done.ID && d.Evaluation.Channel != "qr":
						rated = true
					case ev.Type == queue.EvFollowUpOpened:
						followed = true
					}
				}
				if rated != tc.rated || followed != tc.rated {
					t.Errorf("rated by the press = %v, 差评 follow-up = %v, want %v", rated, followed, tc.rated)
				}
			})
		}
	}
}

// TestTerminalSeesThePendingEvaluation: GET /api/v1/keypads?window=3 says
// which service the window's devices wait to rate and until when.
func TestTerminalSeesThePendingEvaluation(t *testing.T) {
	h := newEvalHall(t)
	done := serveOne(t, h.e, 3)
	h.settle()
	rec := httptest.NewRecorder()
	h.mux.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/keypads?window=3", nil))
	var got []padState
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || len(got) != 2 {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	for _, p := range got {
		if !p.Armed || p.Ref != done.ID || p.Number != done.Number || p.Until == nil || p.Until.Before(time.Now()) {
			t.Errorf("%+v", p)
		}
	}
}
