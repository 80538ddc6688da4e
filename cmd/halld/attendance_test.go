package main

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"halld/api"
	"halld/equip"
	"halld/queue"
	"halld/queue/attendance"
	"halld/queue/hall"
	"halld/queue/queuetest"
)

// The daemon's wiring: a swipe of a demo card on the simulated reader at
// /sim/ reaches the attendance book as w2's punch, by card.
func TestCardSwipeOnSimPunches(t *testing.T) {
	h := hall.Demo()
	var devices equip.Config
	if err := h.DecodeDevices(&devices); err != nil {
		t.Fatal(err)
	}
	if err := devices.Validate(h); err != nil {
		t.Fatal(err)
	}
	e := queuetest.Open(t, h, queue.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	eq, err := equip.Start(ctx, e, devices, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := api.New(e, nil)
	eq.RegisterSim(srv)
	sub := e.Subscribe(0)
	defer sub.Close()
	if _, err := startAttendance(ctx, e, srv, eq, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("POST", "/sim/card_readers/reader-door", strings.NewReader(`{"card":"0001000002"}`)))
	if rec.Code != http.StatusNoContent {
		t.Fatalf("swipe: %d %s", rec.Code, rec.Body)
	}
	for {
		ev, err := sub.Next(ctx)
		if err != nil {
			t.Fatalf("no punch: %v", err)
		}
		if ev.Type == attendance.EvPunched {
			if s := string(ev.Data); !strings.Contains(s, `"staff":"w2"`) || !strings.Contains(s, `"via":"card"`) ||
				!strings.Contains(s, `"device":"reader-door"`) || strings.Contains(s, "0001000002") {
				t.Fatalf("punch event %s", s)
			}
			return
		}
	}
}
