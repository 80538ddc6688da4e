package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"halld/centre/sampleday"
	"halld/centre/store"
	"halld/centre/web"
	"halld/internal/pgtest"
	"halld/queue/hall"
)

func TestAPIRefusals(t *testing.T) {
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := store.Open(ctx, pgtest.Start(t).DSN, log)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	st.AddHall(ctx, "330106001000-01", "甲大厅", "UKEY", time.Now())
	evs := append(sampleday.Events(), sampleday.Supervision(16)...)
	for _, b := range sampleday.Batches(evs, 15) {
		if _, err := st.Ingest(ctx, "330106001000-01", b); err != nil {
			t.Fatal(err)
		}
	}
	h, _ := hall.HashPIN("246810")
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, store.CST)
	srv := httptest.NewServer((&web.Server{Store: st, Admins: []web.Admin{{ID: "admin", Name: "管理员", PINHash: h}},
		Stale: time.Minute, Now: func() time.Time { return now }, Log: log}).Handler())
	defer srv.Close()

	call := func(method, path, token, body string) (int, map[string]any, string) {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		var m map[string]any
		json.Unmarshal(raw, &m)
		return resp.StatusCode, m, string(raw)
	}
	if code, m, _ := call("POST", "/centre/api/login", "", `{"id":"admin","pin":"111111"}`); code != 401 || errorCode(m) != "bad_login" {
		t.Fatalf("wrong PIN: %d %v", code, m)
	}
	_, m, _ := call("POST", "/centre/api/login", "", `{"id":"admin","pin":"246810"}`)
	tok, _ := m["token"].(string)
	if tok == "" {
		t.Fatalf("login: %v", m)
	}
	cases := []struct {
		path, token string
		code        int
		want        string
	}{
		{"/centre/api/figures", "", 401, `"login_required"`},
		{"/centre/api/figures", "forged", 401, `"login_required"`},
		{"/centre/api/figures?from=2026-12-01&to=2026-11-01", tok, 400, `"bad_period"`},
		{"/centre/api/figures?period=year", tok, 400, `"bad_period"`},
		{"/centre/api/figures?by=colour", tok, 400, `"bad_period"`},
		{"/centre/api/figures?from=2026-12-01&to=2026-12-01&by=staff", tok, 200, `"key":"w2"`},
		{"/centre/api/figures?period=today", tok, 200, `"rows":[]`},
		{"/centre/api/figures?period=month", tok, 200, `"from":"2026-12-01","rows":[{"hall":"330106001000-01","hall_name":"甲大厅","key":"","issued":3`},
		{"/centre/api/figures?period=month", tok, 200, `"to":"2026-12-03"`},
		{"/centre/api/cases/overdue", tok, 200, `"days_late":6`},
		{"/centre/api/followups/overdue", tok, 200, `"number":"B001"`},
		{"/centre/api/halls", tok, 200, fmt.Sprintf(`"cursor":%d`, len(evs))},
		{"/centre/api/supervision?period=year", tok, 400, `"bad_period"`},
		{"/centre/api/supervision", "", 401, `"login_required"`},
		{"/centre/api/supervision?period=month", tok, 200, `"open_alerts":2,"alert_days":[{"day":"2026-12-01","rule":"queue","raised":1,"acked":0,"open":0}`},
		{"/centre/api/supervision?period=month", tok, 200, `"complaints":{"open":2,"overdue":1,"filed":3,"concluded":1,"upheld":1,"late":0}`},
		{"/centre/api/supervision?period=month", tok, 200, `"bookings":{"booked":5,"cancelled":1,"checked_in":1,"no_shows":2,"late":1,"closed":0}`},
		{"/centre/api/supervision?period=today", tok, 200, `"from":"2026-12-03","rows":[{"hall":"330106001000-01","hall_name":"甲大厅","open_alerts":2,"alert_days":[],"complaints":{"open":2,"overdue":1,"filed":0`},
	}
	for _, c := range cases {
		code, _, raw := call("GET", c.path, c.token, "")
		if code != c.code || !strings.Contains(raw, c.want) {
			t.Errorf("GET %s: %d %s; want %d with %s", c.path, code, raw, c.code, c.want)
		}
	}
}

// errorCode is the code of a refusal's {"error": {"code", "message"}}.
func errorCode(m map[string]any) any {
	e, _ := m["error"].(map[string]any)
	return e["code"]
}
