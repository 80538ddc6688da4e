package api

import (
	"fmt"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"halld/internal/httpjson"
)

// send posts body with the given Content-Type as a client at addr.
func (v *env) send(addr, path, ctype, token, body string) (int, http.Header, string) {
	v.t.Helper()
	req, _ := http.NewRequest("POST", v.ts.URL+path, strings.NewReader(body))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("X-Test-From", addr)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		v.t.Fatal(err)
	}
	defer resp.Body.Close()
	var b httpjson.ErrorBody
	jsonDecode(resp.Body, &b)
	return resp.StatusCode, resp.Header, b.Error.Code
}

func (v *env) waiting(service string) int {
	v.t.Helper()
	_, h := v.do("GET", "/api/v1/hall", "", "")
	for _, s := range h["services"].([]any) {
		if s := s.(map[string]any); s["id"] == service {
			return int(s["waiting"].(float64))
		}
	}
	v.t.Fatalf("no service %s", service)
	return 0
}

// Issue 15, attack 3: one anonymous client drained a service's day,
// claiming channel kiosk and the green channel itself.
func TestAnonymousClientCannotDrainAService(t *testing.T) {
	v := newEnv(t)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	v.srv.issues = newIssueLimit(func() time.Time { return now })
	const stranger = "203.0.113.7:5000"
	tests := []struct {
		body, want string
	}{
		{`{"service":"estate","channel":"kiosk"}`, "channel_not_allowed"},
		{`{"service":"estate","channel":"button"}`, "channel_not_allowed"},
		{`{"service":"estate","priority":"green"}`, "priority_not_allowed"},
	}
	for _, tc := range tests {
		if st, _, c := v.send(stranger, "/api/v1/tickets", "application/json", "", tc.body); st != http.StatusForbidden || c != tc.want {
			t.Errorf("%s: %d %s, want 403 %s", tc.body, st, c, tc.want)
		}
	}
	created, limited := 0, 0
	var retry string
	for range 600 {
		st, hdr, c := v.send(stranger, "/api/v1/tickets", "application/json", "", `{"service":"estate","channel":"mobile"}`)
		switch {
		case st == http.StatusCreated:
			created++
		case st == http.StatusTooManyRequests && c == "too_many_tickets":
			limited++
			retry = hdr.Get("Retry-After")
		default:
			t.Fatalf("issue: %d %s", st, c)
		}
	}
	if created != issueBurst || v.waiting("estate") != issueBurst {
		t.Errorf("one address got %d tickets (%d waiting), want %d", created, v.waiting("estate"), issueBurst)
	}
	if s, _ := strconv.Atoi(retry); s < 1 {
		t.Errorf("Retry-After %q", retry)
	}
	// Another address is not held back; the stranger gets one more later.
	if st, _, c := v.send("203.0.113.8:5000", "/api/v1/tickets", "application/json", "", `{"service":"estate"}`); st != http.StatusCreated {
		t.Errorf("another address: %d %s", st, c)
	}
	now = now.Add(issueEvery)
	if st, _, c := v.send(stranger, "/api/v1/tickets", "application/json", "", `{"service":"estate"}`); st != http.StatusCreated {
		t.Errorf("after %v: %d %s", issueEvery, st, c)
	}
	// Staff and the hall's devices may claim a channel and a priority.
	clerk := v.login("w1", 1)
	if st, _, c := v.send(stranger, "/api/v1/tickets", "application/json", clerk, `{"service":"estate","channel":"window","priority":"green"}`); st != http.StatusCreated {
		t.Errorf("with a clerk's token: %d %s", st, c)
	}
	if st, _, c := v.send("127.0.0.1:5000", "/api/v1/tickets", "application/json", "", `{"service":"estate","channel":"kiosk","priority":"green"}`); st != http.StatusCreated {
		t.Errorf("from the hall machine: %d %s", st, c)
	}
	v.srv.TrustDevices(mustPrefixes(t, "198.51.100.0/24"))
	if st, _, c := v.send("198.51.100.20:5000", "/api/v1/tickets", "application/json", "", `{"service":"estate","channel":"kiosk"}`); st != http.StatusCreated {
		t.Errorf("from a listed device address: %d %s", st, c)
	}
}

// Issue 15, attack 7: a cross-site page issued tickets with a text/plain
// POST (no preflight). Only application/json is read.
func TestCrossSitePostsRefused(t *testing.T) {
	v := newEnv(t)
	for _, ct := range []string{"text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""} {
		st, _, c := v.send("203.0.113.7:5000", "/api/v1/tickets", ct, "", `{"service":"estate"}`)
		if st != http.StatusUnsupportedMediaType || c != "unsupported_media_type" {
			t.Errorf("Content-Type %q: %d %s, want 415", ct, st, c)
		}
	}
	if n := v.waiting("estate"); n != 0 {
		t.Errorf("%d tickets issued by refused requests", n)
	}
	if st, _, c := v.send("203.0.113.7:5000", "/api/v1/tickets", "application/json; charset=utf-8", "", `{"service":"estate"}`); st != http.StatusCreated {
		t.Errorf("application/json with a charset: %d %s", st, c)
	}
}

// A kiosk's printing and a pad's press are mounted through DeviceMux: only
// the hall's devices may post there; anybody may read.
func TestDeviceMux(t *testing.T) {
	v := newEnv(t)
	hits := 0
	v.srv.DeviceMux().Handle("POST /api/v1/kiosks/{id}/tickets", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		httpjson.WriteJSON(w, http.StatusCreated, struct{}{})
	}))
	v.srv.DeviceMux().Handle("GET /api/v1/kiosks/{id}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		httpjson.WriteJSON(w, http.StatusOK, struct{}{})
	}))
	if st, _, c := v.send("203.0.113.7:5000", "/api/v1/kiosks/1/tickets", "application/json", "", `{"service":"estate"}`); st != http.StatusForbidden || c != "device_not_trusted" || hits != 0 {
		t.Errorf("a stranger prints: %d %s (%d)", st, c, hits)
	}
	for _, from := range []string{"127.0.0.1:4000", "[::1]:4000"} {
		if st, _, c := v.send(from, "/api/v1/kiosks/1/tickets", "application/json", "", `{"service":"estate"}`); st != http.StatusCreated {
			t.Errorf("the hall machine (%s): %d %s", from, st, c)
		}
	}
	req, _ := http.NewRequest("GET", v.ts.URL+"/api/v1/kiosks/1", nil)
	req.Header.Set("X-Test-From", "203.0.113.7:5000")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
		t.Errorf("a stranger reads: %v %v", resp, err)
	}
}

func TestParseDeviceAddrs(t *testing.T) {
	tests := []struct {
		in      string
		n       int
		wantErr bool
	}{
		{"", 0, false}, {"10.1.2.0/24", 1, false}, {"10.1.2.7, 10.1.3.0/24", 2, false},
		{"any", 2, false}, {"fe80::/10", 1, false}, {"10.1.2", 0, true}, {"10.1.2.0/33", 0, true},
	}
	for _, tc := range tests {
		p, err := ParseDeviceAddrs(tc.in)
		if (err != nil) != tc.wantErr || len(p) != tc.n {
			t.Errorf("ParseDeviceAddrs(%q) = %v, %v", tc.in, p, err)
		}
	}
}

func mustPrefixes(t *testing.T, s string) []netip.Prefix {
	t.Helper()
	p, err := ParseDeviceAddrs(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// The per-address table is bounded; when full it forgets the address with
// most of its allowance left, never one that has used it up.
func TestIssueLimitBounded(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	l := newIssueLimit(func() time.Time { return now })
	l.max = 4
	for range issueBurst {
		l.take("203.0.113.7:1")
	}
	for i := range 100 {
		if _, ok := l.take(fmt.Sprintf("198.51.100.%d:1", i)); !ok {
			t.Fatalf("new address %d refused", i)
		}
		if len(l.src) > 4 {
			t.Fatalf("%d addresses kept, bound 4", len(l.src))
		}
	}
	if _, ok := l.take("203.0.113.7:2"); ok {
		t.Error("the drained address was forgotten")
	}
}
