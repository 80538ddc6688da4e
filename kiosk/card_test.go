package kiosk

import (
	"strings"
	"testing"

	"halld/kiosk/cardslot"
)

// A card read at kiosk k1 reaches its page as a token and a mask, takes
// one ticket with the number, and the same card read again for the same
// service is refused as a duplicate (one ticket per ID).
func TestTicketByCard(t *testing.T) {
	cards := cardslot.New(0, fixedClock)
	cards.AddReader("k1")
	v := newEnv(t, fixedClock, Options{Printers: map[string]Printer{"k1": newFake(), "k2": newFake()}, Cards: cards})

	if _, m := v.do("GET", "/api/v1/kiosks/k1", ""); m["card_reader"] != true {
		t.Fatalf("k1 state %v: no card reader", m)
	}
	if _, m := v.do("GET", "/api/v1/kiosks/k2", ""); m["card_reader"] != false {
		t.Fatalf("k2 state %v", m)
	}
	if code, m := v.do("POST", "/api/v1/kiosks/k2/cards/wait", `{"after":0,"wait_s":1}`); code != 404 || errCode(m) != "no_card_reader" {
		t.Fatalf("k2 wait: %d %v", code, m)
	}

	take := func() (string, map[string]any) {
		t.Helper()
		if _, err := cards.Put("k1", "11010519491231002X"); err != nil {
			t.Fatal(err)
		}
		code, m := v.do("POST", "/api/v1/kiosks/k1/cards/wait", `{"after":0}`)
		c, _ := m["card"].(map[string]any)
		if code != 200 || c == nil {
			t.Fatalf("wait: %d %v", code, m)
		}
		if c["masked"] != "**************002X" {
			t.Fatalf("masked %v", c["masked"])
		}
		for k, val := range c {
			if s, ok := val.(string); ok && strings.Contains(s, "1231002X") {
				t.Fatalf("card field %s = %q carries the number", k, s)
			}
		}
		return c["token"].(string), c
	}
	token, _ := take()
	code, m := v.do("POST", "/api/v1/kiosks/k1/tickets", `{"service":"social","card":"`+token+`"}`)
	if code != 201 {
		t.Fatalf("ticket by card: %d %v", code, m)
	}
	id := m["ticket"].(map[string]any)["id"].(string)
	if tk, _ := v.e.Ticket(id); tk.ID == "" {
		t.Fatal("ticket missing")
	}
	// The token is used up.
	if code, m := v.do("POST", "/api/v1/kiosks/k1/tickets", `{"service":"estate","card":"`+token+`"}`); code != 404 || errCode(m) != "card_gone" {
		t.Fatalf("reused token: %d %v", code, m)
	}
	// The same card again, same service: duplicate; the card stays for
	// another service.
	token, _ = take()
	if code, m := v.do("POST", "/api/v1/kiosks/k1/tickets", `{"service":"social","card":"`+token+`"}`); code != 409 || errCode(m) != "duplicate_ticket" {
		t.Fatalf("second read: %d %v", code, m)
	}
	if code, m := v.do("POST", "/api/v1/kiosks/k1/tickets", `{"service":"estate","card":"`+token+`"}`); code != 201 {
		t.Fatalf("other service with the same card: %d %v", code, m)
	}
	// Another kiosk cannot claim k1's card; a card and a typed number
	// together are refused.
	token, _ = take()
	if code, m := v.do("POST", "/api/v1/kiosks/k2/tickets", `{"service":"night","card":"`+token+`"}`); code != 404 || errCode(m) != "card_gone" {
		t.Fatalf("k2 with k1's card: %d %v", code, m)
	}
	if code, m := v.do("POST", "/api/v1/kiosks/k1/tickets", `{"service":"night","card":"`+token+`","id_number":"11010519491231002X"}`); code != 400 || errCode(m) != "card_and_id_number" {
		t.Fatalf("both: %d %v", code, m)
	}
	// A long poll with nothing new answers null.
	if code, m := v.do("POST", "/api/v1/kiosks/k1/cards/wait", `{"after":99,"wait_s":1}`); code != 200 || m["card"] != nil {
		t.Fatalf("nothing new: %d %v", code, m)
	}
}
