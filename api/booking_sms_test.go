package api

import (
	"strings"
	"testing"

	"halld/queue/sms"
)

// TestBookingReminder: a booking with a phone queues its reminder (the
// phone masked, due ReminderMinutes before the slot; the booking holds no
// phone); a bad phone or SMS switched off refuses the booking and books
// nothing; cancelling the booking withdraws the reminder.
func TestBookingReminder(t *testing.T) {
	v := newBookingEnv(t)
	// Without the outbox a phone is refused, the booking not made.
	if st, m := v.do("POST", "/api/v1/booking/phone/bookings", "", `{"service":"estate","date":"2026-11-23","start":"11:00","id_number":"`+testID+`","phone":"13800138000"}`); st != 409 || errCodeOf(m) != "sms_disabled" {
		t.Fatalf("no outbox: %d %v", st, m)
	}
	cfg := sms.Config{Enabled: true, ReminderMinutes: 60}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	o, err := sms.Open(v.e, cfg, sms.Options{Sender: "modem"})
	if err != nil {
		t.Fatal(err)
	}
	v.srv.WithSMS(o)
	body := func(phone string) string {
		return `{"service":"estate","date":"2026-11-23","start":"15:00","id_number":"` + testID + `","phone":"` + phone + `"}`
	}
	if st, m := v.do("POST", "/api/v1/booking/phone/bookings", "", body("1380013800")); st != 400 || errCodeOf(m) != "bad_phone" {
		t.Fatalf("bad phone: %d %v", st, m)
	}
	if st := o.Status(0); st.Queued != 0 {
		t.Fatalf("a refused booking queued %d", st.Queued)
	}
	st, m := v.do("POST", "/api/v1/booking/phone/bookings", "", body("138 0013 8000"))
	if st != 201 {
		t.Fatalf("booking: %d %v", st, m)
	}
	code := m["code"].(string)
	rem, _ := m["sms"].(map[string]any)
	if rem == nil || rem["to"] != "*******8000" || rem["next_at"] != "2026-11-23T14:00:00+08:00" || rem["ref"] != code ||
		!strings.Contains(rem["text"].(string), "11月23日 15:00–15:30") {
		t.Fatalf("reminder %v", m["sms"])
	}
	_, got := v.do("GET", "/api/v1/booking/phone/bookings/"+code, "", "")
	for k, val := range got {
		if s, ok := val.(string); ok && strings.Contains(s, "0013") {
			t.Errorf("the booking's %s carries the phone: %q", k, s)
		}
	}
	if st, m := v.do("POST", "/api/v1/booking/phone/bookings/"+code+"/cancel", "", `{"id_number":"`+testID+`"}`); st != 200 {
		t.Fatalf("cancel: %d %v", st, m)
	}
	s := o.Status(0)
	if s.Queued != 0 || len(s.Messages) != 1 || s.Messages[0].State != sms.Cancelled {
		t.Fatalf("after the cancel: %+v", s)
	}
}
