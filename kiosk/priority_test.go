package kiosk

import (
	"testing"

	"halld/queue/hall"
)

// In a hall that takes bookings the appointments' class is given by
// check-in only: the kiosk does not offer it as a chip and refuses it on
// the anonymous ticket endpoint; the other classes stay.
func TestAppointmentPriorityIsNotAWalkInsChip(t *testing.T) {
	h := hall.Demo()
	if !h.Bookable() || h.Booking.Priority != "appointment" {
		t.Fatal("the demo hall should take bookings with the appointment class")
	}
	v := newEnvHall(t, h, fixedClock, Options{Printers: map[string]Printer{"k1": newFake()}})
	st, m := v.do("GET", "/api/v1/kiosks/k1", "")
	ids := func(key string) map[string]bool {
		out := map[string]bool{}
		list, _ := m[key].([]any)
		for _, p := range list {
			out[p.(map[string]any)["id"].(string)] = true
		}
		return out
	}
	if st != 200 || ids("priorities")["appointment"] || !ids("priorities")["elderly"] || !ids("checkin_priorities")["appointment"] {
		t.Errorf("state %d: priorities %v, check-in %v", st, ids("priorities"), ids("checkin_priorities"))
	}
	for _, tc := range []struct {
		body   string
		status int
		code   string
	}{
		{`{"service":"social","priority":"appointment"}`, 400, "priority_by_checkin_only"},
		{`{"service":"social","priority":"elderly"}`, 201, ""},
		{`{"service":"social"}`, 201, ""},
	} {
		st, m := v.do("POST", "/api/v1/kiosks/k1/tickets", tc.body)
		if st != tc.status || errCode(m) != tc.code {
			t.Errorf("%s: %d %v, want %d %s", tc.body, st, m, tc.status, tc.code)
		}
	}
	// A hall without bookings keeps its 预约 label as a chip (nothing to check in).
	plain := newEnv(t, fixedClock, Options{Printers: map[string]Printer{"k1": newFake()}})
	if _, m := plain.do("GET", "/api/v1/kiosks/k1", ""); m["checkin_priorities"] != nil {
		t.Errorf("a hall without bookings: %v", m["checkin_priorities"])
	}
}
