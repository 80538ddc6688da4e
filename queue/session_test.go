package queue

import (
	"testing"
)

func TestLogin(t *testing.T) {
	hs := newHarness(t)
	tests := []struct {
		name string
		req  LoginRequest
		want string
	}{
		{"wrong pin", LoginRequest{Staff: "w4", PIN: "9999", Window: 4}, "bad_credentials"},
		{"unknown staff", LoginRequest{Staff: "nobody", PIN: "1234", Window: 4}, "bad_credentials"},
		{"no post there", LoginRequest{Staff: "w4", PIN: "1234", Window: 3}, "no_post"},
		{"no such window", LoginRequest{Staff: "w4", PIN: "1234", Window: 99}, "window_not_found"},
		{"clerk without window", LoginRequest{Staff: "w4", PIN: "1234"}, "window_required"},
		{"ok", LoginRequest{Staff: "w4", PIN: "1234", Window: 4}, ""},
		{"supervisor anywhere", LoginRequest{Staff: "boss", PIN: "1234", Window: 3}, ""},
		{"second person on a window", LoginRequest{Staff: "w1", PIN: "1234", Window: 2}, ""},
		{"occupied without takeover", LoginRequest{Staff: "w2", PIN: "1234", Window: 2}, "window_occupied"},
		{"one person one window", LoginRequest{Staff: "w1", PIN: "1234", Window: 1}, "staff_elsewhere"},
	}
	for _, tc := range tests {
		_, _, err := hs.e.Login(tc.req)
		if code(err) != tc.want {
			t.Errorf("%s: got %q (%v), want %q", tc.name, code(err), err, tc.want)
		}
	}
}

func TestHandoverKeepsTicketsAndRevokesOldToken(t *testing.T) {
	hs := newHarness(t)
	a := hs.login(2) // w2, post A
	hs.issue("b")
	hs.callNext(2)
	hs.e.Start(a)
	tokB, s, err := hs.e.Login(LoginRequest{Staff: "w1", PIN: "1234", Window: 2, Takeover: true})
	if err != nil || s.Post != "B" {
		t.Fatalf("B-post takeover: %+v %v", s, err)
	}
	if _, err := hs.e.Finish(a, ""); code(err) != "session_invalid" {
		t.Errorf("old token still works: %v", err)
	}
	v, err := hs.e.Finish(Act{Token: tokB, Window: 2}, "")
	if err != nil || v.Number != "B001" {
		t.Fatalf("B post finishing A's ticket: %+v %v", v, err)
	}
	evs, _ := hs.e.ReadEvents(0, 100)
	found := false
	for _, ev := range evs {
		if ev.Type == EvHandover {
			d, _ := ev.Decode()
			found = d.Staff == "w1" && d.FromStaff == "w2"
		}
	}
	if !found {
		t.Error("no handover event from w2 to w1")
	}
}

func TestWrongWindowAndLogout(t *testing.T) {
	hs := newHarness(t)
	a4 := hs.login(4)
	hs.login(3)
	hs.issue("a")
	if _, err := hs.e.CallNext(Act{Token: a4.Token, Window: 3}); code(err) != "wrong_window" {
		t.Errorf("acting on another window: %v", err)
	}
	hs.callNext(4)
	if err := hs.e.Logout(a4.Token); code(err) != "window_has_tickets" {
		t.Errorf("logout with a called ticket: %v", err)
	}
	hs.e.NoShowTicket(a4)
	if err := hs.e.Logout(a4.Token); err != nil {
		t.Fatal(err)
	}
	if _, err := hs.e.CallNext(a4); code(err) != "session_invalid" {
		t.Errorf("token after logout: %v", err)
	}
	hv, _ := hs.e.HallView()
	if hv.Windows[3].State != WindowClosed {
		t.Errorf("window 4 state after logout: %s", hv.Windows[3].State)
	}
}
