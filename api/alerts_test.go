package api

import (
	"net/http"
	"testing"
	"time"

	"halld/queue/alerts"
)

// The alerts endpoints: supervisors and admins list, acknowledge and
// count; clerks, machine tokens and strangers are refused.
func TestAlertsAPI(t *testing.T) {
	v := newEnv(t)
	m, err := alerts.Open(v.e, nil)
	if err != nil {
		t.Fatal(err)
	}
	v.srv.WithAlerts(m)
	now := time.Now()
	if _, err := m.Check(now); err != nil { // the demo hall's windows 1 and 2 are unstaffed: watched
		t.Fatal(err)
	}
	res, err := m.Check(now.Add(16 * time.Minute)) // as if 16 minutes later
	if err != nil || len(res.Raised) != 2 {
		t.Fatalf("Check = %+v, %v; want windows 1 and 2 unstaffed", res, err)
	}
	id := res.Raised[0]

	clerk := v.login("w1", 1)
	admin := v.login("admin", 0)
	st, tk := v.do("POST", "/api/v1/admin/tokens", admin, `{"name":"approval"}`)
	if st != http.StatusCreated {
		t.Fatalf("system token: %d %v", st, tk)
	}
	system := tk["token"].(string)
	for _, c := range []struct {
		method, path, token string
		status              int
		code                string
	}{
		{"GET", "/api/v1/alerts", "", 401, "session_invalid"},
		{"GET", "/api/v1/alerts", clerk, 403, "supervisor_only"},
		{"GET", "/api/v1/alerts", system, 403, "supervisor_only"},
		{"POST", "/api/v1/alerts/" + id + "/ack", clerk, 403, "supervisor_only"},
		{"GET", "/api/v1/alerts/stats", clerk, 403, "supervisor_only"},
		{"POST", "/api/v1/alerts/nope/ack", admin, 404, "alert_not_found"},
		{"GET", "/api/v1/alerts/stats?from=2025-02-01&to=2025-01-01", admin, 400, "bad_range"},
	} {
		st, body := v.do(c.method, c.path, c.token, "")
		if st != c.status || body["error"].(map[string]any)["code"] != c.code {
			t.Errorf("%s %s: %d %v, want %d %s", c.method, c.path, st, body, c.status, c.code)
		}
	}

	st, b := v.do("GET", "/api/v1/alerts", admin, "")
	if st != 200 || len(b["open"].([]any)) != 2 || b["unacked_today"].(float64) != 2 {
		t.Fatalf("GET alerts: %d %v", st, b)
	}
	hasKeys(t, "an alert", b["open"].([]any)[0].(map[string]any), "id", "rule", "window", "detail", "raised_at")
	st, a := v.do("POST", "/api/v1/alerts/"+id+"/ack", admin, "")
	if st != 200 || a["acked_by"] != "admin" || a["acked_at"] == nil {
		t.Fatalf("ack: %d %v", st, a)
	}
	if st, e := v.do("POST", "/api/v1/alerts/"+id+"/ack", admin, ""); st != 409 || e["error"].(map[string]any)["code"] != "already_acked" {
		t.Fatalf("ack again: %d %v", st, e)
	}
	st, s := v.do("GET", "/api/v1/alerts/stats", admin, "")
	rows, _ := s["rows"].([]any)
	if st != 200 || len(rows) != 1 {
		t.Fatalf("stats: %d %v", st, s)
	}
	if r := rows[0].(map[string]any); r["rule"] != "unstaffed" || r["raised"].(float64) != 2 || r["acked"].(float64) != 1 || r["unacked"].(float64) != 1 {
		t.Fatalf("stats row %v", r)
	}
}
