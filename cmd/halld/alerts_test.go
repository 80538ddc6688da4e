package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"halld/api"
	"halld/queue"
	"halld/queue/queuetest"
)

// The daemon evaluates the alert rules with its clock: with the clock
// 4 minutes on, the demo hall's unstaffed windows 1 and 2 raise alerts.
func TestDaemonRunsTheAlertRules(t *testing.T) {
	start := time.Now()
	e := queuetest.Open(t, nil, queue.Options{})
	sub := e.Subscribe(e.Stats().Seq)
	calls := 0
	now := func() time.Time { // first the present (watched), then 4 minutes on
		calls++
		if calls == 1 {
			return start
		}
		return start.Add(4 * time.Minute)
	}
	_, stop, err := startAlerts(context.Background(), e, api.New(e, nil), slog.New(slog.DiscardHandler), now, time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	windows := map[float64]bool{}
	for len(windows) < 2 {
		ev, err := sub.Next(ctx)
		if err != nil {
			t.Fatalf("waiting for alert.raised: %v", err)
		}
		if ev.Type != "alert.raised" {
			continue
		}
		var a map[string]any
		json.Unmarshal(ev.Data, &a)
		if a["rule"] != "unstaffed" {
			t.Fatalf("raised %s", ev.Data)
		}
		windows[a["window"].(float64)] = true
	}
	if !windows[1] || !windows[2] {
		t.Fatalf("unstaffed windows %v", windows)
	}
}

// The daemon serves the alerts to supervisors and admins only.
func TestDaemonServesAlerts(t *testing.T) {
	d := startDaemon(t)
	_, m := d.post(t, "/api/v1/login", "", `{"staff":"admin","pin":"1234"}`)
	admin, _ := m["token"].(string)
	var b map[string]any
	d.getAuth(t, "/api/v1/alerts", admin, &b)
	if _, ok := b["open"]; !ok {
		t.Fatalf("GET /api/v1/alerts: %v", b)
	}
	_, m = d.post(t, "/api/v1/login", "", `{"staff":"w1","pin":"1234","window":1}`)
	req, _ := http.NewRequest("GET", d.base+"/api/v1/alerts", nil)
	req.Header.Set("Authorization", "Bearer "+m["token"].(string))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("a clerk's GET /api/v1/alerts: %d", resp.StatusCode)
	}
}
