package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"halld/queue"
	"halld/queue/booking"
	"halld/queue/hall"
	"halld/queue/queuetest"
)

// newBookingEnv serves the demo hall (which books from today, around the
// clock) at Monday 2026-11-23 10:00 with the appointments mounted.
func newBookingEnv(t *testing.T) *env {
	t.Helper()
	loc, _ := time.LoadLocation("Asia/Shanghai")
	now := func() time.Time { return time.Date(2026, 11, 23, 10, 0, 0, 0, loc) }
	e := queuetest.Open(t, hall.Demo(), queue.Options{Now: now})
	srv := New(e, nil)
	b, err := booking.Open(e, booking.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	srv.WithBooking(b)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a := r.Header.Get("X-Test-From"); a != "" {
			r.RemoteAddr = a
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(func() {
		ts.Close()
		e.Close()
	})
	return &env{t, e, srv, ts}
}

const testID = "11010519491231002X"

func (v *env) portalToken() string {
	v.t.Helper()
	tok, err := v.e.IssueAPIToken(v.login("admin", 0), "portal")
	if err != nil {
		v.t.Fatal(err)
	}
	return tok
}

// TestBookingAPIRoles: the portal's endpoints need a token of the portal
// (or a supervisor's or admin's); a clerk's is refused, none is refused.
func TestBookingAPIRoles(t *testing.T) {
	v := newBookingEnv(t)
	portal, clerk := v.portalToken(), v.login("w1", 1)
	book := `{"service":"estate","date":"2026-11-23","start":"11:00","id_number":"` + testID + `"}`
	tests := []struct {
		method, path, token, body string
		want                      int
	}{
		{"GET", "/api/v1/booking/slots?service=estate", "", "", 401},
		{"POST", "/api/v1/bookings", "", book, 401},
		{"POST", "/api/v1/bookings/ABCDEFGH/cancel", "", "", 401},
		{"POST", "/api/v1/bookings/ABCDEFGH/checkin", "", "", 401},
		{"GET", "/api/v1/booking/day", "", "", 401},
		{"GET", "/api/v1/booking/slots?service=estate", "nonsense", "", 401},
		{"GET", "/api/v1/booking/slots?service=estate", clerk, "", 403},
		{"POST", "/api/v1/bookings", clerk, book, 403},
		{"GET", "/api/v1/booking/day", portal, "", 403},
		{"GET", "/api/v1/booking/stats?from=2026-11-23&to=2026-11-23", portal, "", 403},
		{"GET", "/api/v1/booking/slots?service=estate", portal, "", 200},
		{"POST", "/api/v1/bookings", portal, book, 201},
		{"GET", "/api/v1/booking/phone/slots?service=estate", "", "", 200},
		{"GET", "/api/v1/booking/phone/services", "", "", 200},
	}
	for _, tc := range tests {
		if st, m := v.do(tc.method, tc.path, tc.token, tc.body); st != tc.want {
			t.Errorf("%s %s (token %t): %d %v, want %d", tc.method, tc.path, tc.token != "", st, m, tc.want)
		}
	}
}

func TestBookingAPIPortalFlow(t *testing.T) {
	v := newBookingEnv(t)
	portal := v.portalToken()
	st, m := v.do("GET", "/api/v1/booking/slots?service=estate", portal, "")
	days := m["days"].([]any)
	first := days[0].(map[string]any)
	slot := first["slots"].([]any)[0].(map[string]any)
	if st != 200 || first["date"] != "2026-11-23" || slot["start"] != "10:30" || slot["free"] != 2.0 {
		t.Fatalf("slots: %d %v", st, first)
	}
	st, m = v.do("POST", "/api/v1/bookings", portal, `{"service":"estate","date":"2026-11-23","start":"10:30","id_number":"`+testID+`"}`)
	code, _ := m["code"].(string)
	if st != 201 || len(code) != 8 || m["id_masked"] != queue.MaskID(testID) || m["channel"] != "portal" || m["state"] != "booked" {
		t.Fatalf("book: %d %v", st, m)
	}
	if _, ok := m["person"]; ok {
		t.Fatal("the API shows the ID hash")
	}
	st, m = v.do("POST", "/api/v1/bookings", portal, `{"service":"social","date":"2026-11-23","start":"11:00","id_number":"`+testID+`"}`)
	if st != 409 || errCodeOf(m) != "one_per_day" {
		t.Fatalf("second booking: %d %v", st, m)
	}
	st, m = v.do("POST", "/api/v1/bookings", portal, `{"service":"estate","date":"2026-11-23","start":"10:30","id_number":"123"}`)
	if st != 400 || errCodeOf(m) != "bad_id_number" {
		t.Fatalf("bad id: %d %v", st, m)
	}
	st, m = v.do("POST", "/api/v1/bookings/"+code+"/checkin", portal, "")
	ticket, _ := m["ticket"].(map[string]any)
	if st != 201 || ticket["priority"] != "appointment" || m["late"] != false {
		t.Fatalf("check-in: %d %v", st, m)
	}
	st, m = v.do("POST", "/api/v1/bookings/"+code+"/cancel", portal, "")
	if st != 409 || errCodeOf(m) != "not_cancellable" {
		t.Fatalf("cancel after check-in: %d %v", st, m)
	}
	sup := v.login("admin", 0)
	st, m = v.do("GET", "/api/v1/booking/day?date=2026-11-23", sup, "")
	list, _ := m["bookings"].([]any)
	if st != 200 || len(list) != 1 || list[0].(map[string]any)["state"] != "checked_in" {
		t.Fatalf("day: %d %v", st, m)
	}
	st, m = v.do("GET", "/api/v1/booking/stats?from=2026-11-23&to=2026-11-23", sup, "")
	rows, _ := m["days"].([]any)
	if st != 200 || len(rows) != 2 || rows[0].(map[string]any)["checked_in"] != 1.0 || rows[0].(map[string]any)["places"] != 96.0 {
		t.Fatalf("stats: %d %v", st, m)
	}
	st, m = v.do("GET", "/api/v1/booking/stats?from=2026-11-23&to=2025-11-23", sup, "")
	if st != 400 || errCodeOf(m) != "bad_range" {
		t.Fatalf("bad range: %d %v", st, m)
	}
}

// TestBookingAPIPhone: the phone page books and cancels without a token,
// proving the ID number to cancel, and is limited per address.
func TestBookingAPIPhone(t *testing.T) {
	v := newBookingEnv(t)
	from := v.doFrom
	st, m := from("POST", "/api/v1/booking/phone/bookings", `{"service":"social","date":"2026-11-23","start":"14:00","id_number":"`+testID+`"}`, "203.0.113.9:4000")
	code, _ := m["code"].(string)
	if st != 201 || m["channel"] != "phone" {
		t.Fatalf("book: %d %v", st, m)
	}
	if st, m = from("GET", "/api/v1/booking/phone/bookings/"+code, "", "203.0.113.9:4000"); st != 200 || m["start"] != "14:00" {
		t.Fatalf("lookup: %d %v", st, m)
	}
	other := "11010119900307803X"
	if st, m = from("POST", "/api/v1/booking/phone/bookings/"+code+"/cancel", `{"id_number":"`+other+`"}`, "203.0.113.9:4000"); st != 404 {
		t.Fatalf("cancel with another ID: %d %v", st, m)
	}
	if st, m = from("POST", "/api/v1/booking/phone/bookings/"+code+"/cancel", `{"id_number":"`+testID+`"}`, "203.0.113.9:4000"); st != 200 || m["state"] != "cancelled" {
		t.Fatalf("cancel: %d %v", st, m)
	}
	// Five writes a burst per address, then 429; another address is fine.
	var last int
	for i := 0; i < 2; i++ { // three so far
		last, _ = from("POST", "/api/v1/booking/phone/bookings", `{}`, "203.0.113.9:4000")
	}
	if last == 429 {
		t.Fatal("limited too early")
	}
	if st, m = from("POST", "/api/v1/booking/phone/bookings", `{}`, "203.0.113.9:4001"); st != 429 || m["error"] == nil {
		t.Fatalf("sixth write: %d %v", st, m)
	}
	if st, _ = from("POST", "/api/v1/booking/phone/bookings", `{}`, "198.51.100.7:4000"); st == 429 {
		t.Fatal("another address limited")
	}
}

func (v *env) doFrom(method, path, body, addr string) (int, map[string]any) {
	v.t.Helper()
	req, _ := http.NewRequest(method, v.ts.URL+path, strings.NewReader(body))
	req.Header.Set("X-Test-From", addr)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		v.t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	json.NewDecoder(resp.Body).Decode(&m)
	return resp.StatusCode, m
}

func errCodeOf(m map[string]any) string {
	e, _ := m["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}
