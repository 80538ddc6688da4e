package agent

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"halld/queue"
)

// TestBoardPressesOnlyItsOwnDevices: a board's token delivers presses only
// for the keypads and buttons the hall's file wires to that board; any
// other press is answered device_not_on_board once (the board drops it)
// and changes nothing. Before the binding, a board's token rated any
// window's last service and issued any service's tickets.
func TestBoardPressesOnlyItsOwnDevices(t *testing.T) {
	hub := startHub(t)
	admin := hub.adminToken()
	tok, err := hub.e.IssueAgentToken(admin, "window-board")
	if err != nil {
		t.Fatal(err)
	}
	other, err := hub.e.IssueAgentToken(admin, "kiosk-board")
	if err != nil {
		t.Fatal(err)
	}
	at3 := hub.finish(3, "estate") // pad-a's window
	at5 := hub.finish(5, "social") // no keypad of this board

	seq := uint64(0)
	press := func(token string, p queue.Press) Answer {
		t.Helper()
		seq++
		p.Outbox, p.Seq, p.At = "ob-"+token[:8], seq, time.Now()
		raw, _ := json.Marshal(pressRequest{Press: p})
		req, _ := http.NewRequest(http.MethodPost, hub.url()+"/api/v1/agent/presses", bytes.NewReader(raw))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("press %+v: status %d (a refusal must be an answer, or the board retries it forever)", p, resp.StatusCode)
		}
		var ans Answer
		if err := json.NewDecoder(resp.Body).Decode(&ans); err != nil {
			t.Fatal(err)
		}
		return ans
	}
	rate := func(device, ticket string) queue.Press {
		return queue.Press{Kind: queue.PressEvaluation, Device: device, Ref: ticket, Level: 1, Channel: "keypad"}
	}
	issue := func(device, service string) queue.Press {
		return queue.Press{Kind: queue.PressIssue, Device: device, Service: service}
	}
	refused := []struct {
		name  string
		token string
		p     queue.Press
	}{
		{"its keypad rating another window's service", tok, rate("pad-a", at5)},
		{"a keypad it does not have", tok, rate("keypad-5", at5)},
		{"no keypad named", tok, rate("", at3)},
		{"another board's keypad", other, rate("pad-a", at3)},
		{"its button issuing another service", tok, issue("button-2", "tax")},
		{"a button it does not have", tok, issue("button-9", "social")},
		{"another board's button", other, issue("button-2", "social")},
	}
	for _, tc := range refused {
		ans := press(tc.token, tc.p)
		if ans.Refused == nil || ans.Refused.Code != "device_not_on_board" || ans.Ticket != nil {
			t.Errorf("%s: %+v, want refused device_not_on_board", tc.name, ans.Delivery)
		}
	}
	for _, id := range []string{at3, at5} {
		if v, _ := hub.e.Ticket(id); v.Evaluated {
			t.Errorf("ticket %s (window %d) was rated by a refused press", id, v.Window)
		}
	}
	hv, _ := hub.e.HallView()
	for _, s := range hv.Services {
		if s.Waiting != 0 {
			t.Errorf("%d %s tickets waiting after refused button presses, want 0", s.Waiting, s.ID)
		}
	}

	// Its own devices still work.
	if ans := press(tok, rate("pad-a", at3)); ans.Refused != nil {
		t.Errorf("pad-a rating window 3's service: refused %+v", ans.Refused)
	}
	if v, _ := hub.e.Ticket(at3); !v.Evaluated {
		t.Error("window 3's service not rated by its own board's keypad")
	}
	if ans := press(tok, issue("button-2", "social")); ans.Refused != nil || ans.Ticket == nil {
		t.Errorf("button-2 issuing social: %+v", ans.Delivery)
	}
}
