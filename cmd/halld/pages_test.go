package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestPagesAreMounted: every page the landing page and the README name is
// served by the daemon.
func TestPagesAreMounted(t *testing.T) {
	d := startDaemon(t)
	resp, err := http.Get(d.base + "/")
	if err != nil {
		t.Fatal(err)
	}
	index, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, path := range []string{"/kiosk/?id=1", "/terminal/", "/screen/", "/admin/", "/sim/", "/case/",
		"/kiosk/pad.html?keypad=pad-1", "/assets/halld.js", "/api/v1/hall", "/api/v1/devices",
		"/book/", "/api/v1/booking/phone/services", "/api/v1/guides", "/api/v1/guides/estate"} {
		resp, err := http.Get(d.base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s: %d", path, resp.StatusCode)
		}
		if page, _, _ := strings.Cut(path, "?"); strings.HasSuffix(page, "/") && !strings.Contains(string(index), `href="`+path) {
			t.Errorf("the landing page does not link %s", path)
		}
	}
}

// TestDemoHallShowsBookingAndGuides: the demo hall takes bookings from
// today and has sample service guides.
func TestDemoHallShowsBookingAndGuides(t *testing.T) {
	d := startDaemon(t)
	for path, want := range map[string]string{
		"/api/v1/guides/estate":                      `"version":1`,
		"/api/v1/booking/phone/services":             `"id":"estate"`,
		"/api/v1/booking/phone/slots?service=estate": `"days":[{"date"`,
	} {
		resp, err := http.Get(d.base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
			t.Errorf("GET %s: %d %.300s, want %s", path, resp.StatusCode, body, want)
		}
	}
}
