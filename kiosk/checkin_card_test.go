package kiosk

import (
	"net/http/httptest"
	"testing"

	"halld/api"
	"halld/kiosk/cardslot"
	"halld/queue"
	"halld/queue/booking"
	"halld/queue/hall"
	"halld/queue/queuetest"
)

// An ID card read at the kiosk checks its holder's booking in: the card's
// token stands for id_number, is used up by the check-in, and cannot be
// combined with a code.
func TestCheckInByCard(t *testing.T) {
	e := queuetest.Open(t, hall.Demo(), queue.Options{Now: fixedClock}) // Monday 10:00
	cards := cardslot.New(0, fixedClock)
	cards.AddReader("k1")
	f := newFake()
	k, err := New(e, Options{Printers: map[string]Printer{"k1": f}, PublicURL: "http://hall.local:8080", Now: fixedClock, Cards: cards})
	if err != nil {
		t.Fatal(err)
	}
	b, err := booking.Open(e, booking.Options{Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	s := api.New(e, nil)
	k.Register(s)
	k.RegisterBooking(s, b)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	v := &env{t: t, e: e, k: k, srv: srv, base: srv.URL}

	const id = "11010519491231002X"
	bk, err := b.Make(booking.Request{Service: "estate", Date: "2026-11-23", Start: "10:30", IDNumber: id, Channel: "phone"})
	if err != nil {
		t.Fatal(err)
	}
	read := func() string {
		t.Helper()
		c, err := cards.Put("k1", id)
		if err != nil {
			t.Fatal(err)
		}
		return c.Token
	}
	tok := read()
	if st, m := v.do("POST", "/api/v1/kiosks/k1/checkin", `{"card":"`+tok+`","code":"`+bk.Code+`"}`); st != 400 || errCode(m) != "card_and_code" {
		t.Errorf("card and code: %d %v", st, m)
	}
	if st, m := v.do("POST", "/api/v1/kiosks/k1/checkin", `{"card":"`+tok+`","id_number":"`+id+`"}`); st != 400 || errCode(m) != "card_and_id_number" {
		t.Errorf("card and id number: %d %v", st, m)
	}
	if st, m := v.do("POST", "/api/v1/kiosks/k1/checkin", `{"card":"not-a-token"}`); st != 404 || errCode(m) != "card_gone" {
		t.Errorf("unknown token: %d %v", st, m)
	}
	if len(f.printed()) != 0 {
		t.Fatal("a refused check-in printed")
	}
	st, m := v.do("POST", "/api/v1/kiosks/k1/checkin", `{"card":"`+tok+`"}`)
	tk, _ := m["ticket"].(map[string]any)
	if st != 201 || tk["priority"] != "appointment" || m["printed"] != true {
		t.Fatalf("check-in by card: %d %v", st, m)
	}
	if got, _ := b.Lookup(bk.Code); got.State != booking.CheckedIn {
		t.Errorf("booking %+v", got)
	}
	if st, m := v.do("POST", "/api/v1/kiosks/k1/checkin", `{"card":"`+tok+`"}`); st != 404 || errCode(m) != "card_gone" {
		t.Errorf("the token again: %d %v", st, m)
	}
	// The card laid again: no booking left to check in (by ID number the
	// book looks for one not yet checked in).
	if st, m := v.do("POST", "/api/v1/kiosks/k1/checkin", `{"card":"`+read()+`"}`); st != 404 || errCode(m) != "booking_not_found" {
		t.Errorf("a second check-in: %d %v", st, m)
	}
}
