package kiosk

import (
	"errors"
	"strings"
	"testing"

	"halld/queue"
)

// fakeNotices records the phones the kiosk registers.
type fakeNotices struct {
	on     bool
	fail   bool
	phones map[string]string // ticket id → phone
}

func (f *fakeNotices) Enabled() bool { return f.on }
func (f *fakeNotices) Watch(t queue.TicketView, phone string) error {
	if f.fail {
		return errors.New("database full")
	}
	f.phones[t.ID] = phone
	return nil
}

func TestIssueWithPhone(t *testing.T) {
	n := &fakeNotices{on: true, phones: map[string]string{}}
	v := newEnv(t, fixedClock, Options{Printers: map[string]Printer{"k1": newFake()}, Notices: n})
	if st, m := v.do("GET", "/api/v1/kiosks/k1", ""); st != 200 || m["sms"] != true {
		t.Fatalf("state %d %v", st, m)
	}
	st, m := v.do("POST", "/api/v1/kiosks/k1/tickets", `{"service":"social","phone":"13800138000"}`)
	if st != 201 {
		t.Fatalf("issue %d %v", st, m)
	}
	id := m["ticket"].(map[string]any)["id"].(string)
	if sms := m["sms"].(map[string]any); sms["to"] != "*******8000" || sms["registered"] != true || n.phones[id] != "13800138000" {
		t.Fatalf("sms %v, registered %v", m["sms"], n.phones)
	}
	// The ticket itself does not hold the phone.
	tv, _ := v.k.e.Ticket(id)
	if strings.Contains(strings.Join([]string{tv.ID, tv.Number, tv.Channel}, ""), "8000") {
		t.Fatalf("ticket %+v", tv)
	}

	// Refusals before anything is issued.
	before := v.k.e.Stats().Seq
	for body, code := range map[string]string{
		`{"service":"social","phone":"1380013800"}`:  "bad_phone",
		`{"service":"social","phone":"12800138000"}`: "bad_phone",
		`{"service":"social","phone":"010-1234567"}`: "bad_phone",
	} {
		st, m := v.do("POST", "/api/v1/kiosks/k1/tickets", body)
		if st != 400 || m["error"].(map[string]any)["code"] != code {
			t.Errorf("%s → %d %v", body, st, m)
		}
	}
	if v.k.e.Stats().Seq != before {
		t.Fatal("a refused phone issued a ticket")
	}
	// A failed registration keeps the ticket and says so.
	n.fail = true
	st, m = v.do("POST", "/api/v1/kiosks/k1/tickets", `{"service":"social","phone":"13900001111"}`)
	if st != 201 || m["sms"].(map[string]any)["registered"] != false {
		t.Fatalf("failed registration %d %v", st, m)
	}
	// SMS off: the field is hidden and a phone refused.
	n.on = false
	if _, m := v.do("GET", "/api/v1/kiosks/k1", ""); m["sms"] != false {
		t.Fatalf("state %v", m)
	}
	if st, m := v.do("POST", "/api/v1/kiosks/k1/tickets", `{"service":"social","phone":"13900001111"}`); st != 409 ||
		m["error"].(map[string]any)["code"] != "sms_disabled" {
		t.Fatalf("disabled %d %v", st, m)
	}
}
