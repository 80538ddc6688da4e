package api

import (
	"encoding/json"
	"net/http"
	"testing"

	"halld/queue/attendance"
)

func TestAttendanceAPI(t *testing.T) {
	v := newEnv(t)
	b, err := attendance.Open(v.e, attendance.Options{})
	if err != nil {
		t.Fatal(err)
	}
	v.srv.WithAttendance(b)
	admin := v.login("admin", 0)
	clerk := v.login("w2", 2)

	// A PIN punch needs no token; its answer names the slot and status.
	code, p := v.do("POST", "/api/v1/attendance/punch", "", `{"staff":"w1","pin":"1234"}`)
	if code != 200 {
		t.Fatalf("punch: %d %v", code, p)
	}
	hasKeys(t, "punch", p, "staff", "name", "day", "slot", "slot_name", "slot_at", "at", "status")
	tests := []struct {
		name, token, body string
		status            int
		code              string
	}{
		{"wrong PIN", "", `{"staff":"w1","pin":"0000"}`, 401, "bad_credentials"},
		{"nothing", "", `{}`, 400, "credentials_required"},
		{"unknown field", "", `{"staff":"w1","pin":"1234","window":1}`, 400, ""},
		{"card without a token", "", `{"card":"12345678"}`, 401, ""},
		{"card from a clerk", clerk, `{"card":"12345678"}`, 403, "card_not_allowed"},
		{"card and PIN", admin, `{"card":"12345678","staff":"w1","pin":"1234"}`, 400, "card_or_pin"},
		{"unknown card", admin, `{"card":"12345678"}`, 404, "unknown_card"},
		{"admin need not punch", "", `{"staff":"admin","pin":"1234"}`, 403, "no_attendance"},
	}
	for _, tc := range tests {
		st, m := v.do("POST", "/api/v1/attendance/punch", tc.token, tc.body)
		if st != tc.status {
			t.Errorf("%s: %d %v, want %d", tc.name, st, m, tc.status)
			continue
		}
		if tc.code != "" {
			if e, _ := m["error"].(map[string]any); e == nil || e["code"] != tc.code {
				t.Errorf("%s: %v, want code %s", tc.name, m, tc.code)
			}
		}
	}

	// The board: supervisors and admins only.
	if st, _ := v.do("GET", "/api/v1/attendance", clerk, ""); st != 403 {
		t.Errorf("a clerk read the board: %d", st)
	}
	if st, _ := v.do("GET", "/api/v1/attendance", "", ""); st != 401 {
		t.Errorf("anonymous board: %d", st)
	}
	st, bd := v.do("GET", "/api/v1/attendance?day="+p["day"].(string), admin, "")
	if st != 200 {
		t.Fatalf("board: %d %v", st, bd)
	}
	hasKeys(t, "board", bd, "day", "workday", "slots", "leave_kinds", "rows")
	rows := bd["rows"].([]any)
	// the demo's ten clerks and its supervisor s1 (supervisors punch too)
	if len(rows) != 11 || rows[0].(map[string]any)["staff"] != "w1" {
		t.Fatalf("board rows %v", rows)
	}
	var found bool
	for _, mk := range rows[0].(map[string]any)["marks"].([]any) {
		m := mk.(map[string]any)
		if m["slot"] == p["slot"] && m["status"] == p["status"] && m["via"] == "pin" {
			found = true
		}
	}
	if !found {
		t.Errorf("w1's punch is not on the board: %v", rows[0])
	}
	if st, _ := v.do("GET", "/api/v1/attendance?day=2026-13-01", admin, ""); st != 400 {
		t.Errorf("bad day: %d", st)
	}

	// Leave: recorded, listed, cancelled.
	st, l := v.do("POST", "/api/v1/attendance/leave", admin, `{"staff":"w3","from":"2026-12-07","to":"2026-12-08","kind":"病假","note":"住院"}`)
	if st != 201 {
		t.Fatalf("leave: %d %v", st, l)
	}
	if st, m := v.do("POST", "/api/v1/attendance/leave", clerk, `{"staff":"w3","from":"2026-12-07","to":"2026-12-08","kind":"病假"}`); st != 403 {
		t.Errorf("a clerk recorded leave: %d %v", st, m)
	}
	if st, m := v.do("POST", "/api/v1/attendance/leave", admin, `{"staff":"w3","from":"2026-12-07","to":"2026-12-08","kind":"出游"}`); st != 400 {
		t.Errorf("bad kind: %d %v", st, m)
	}
	_, list := v.doList("GET", "/api/v1/attendance/leave?from=2026-12-01&to=2026-12-31", admin)
	if len(list) != 1 {
		t.Errorf("leave list %v", list)
	}
	if st, m := v.do("POST", "/api/v1/attendance/leave/"+l["id"].(string)+"/cancel", admin, ""); st != 200 || m["cancelled"] != "admin" {
		t.Errorf("cancel: %d %v", st, m)
	}
	if st, _ := v.do("POST", "/api/v1/attendance/leave/L999999/cancel", admin, ""); st != 404 {
		t.Errorf("cancel unknown: %d", st)
	}

	// The month.
	month := p["day"].(string)[:7]
	st, ms := v.do("GET", "/api/v1/attendance/month?month="+month, admin, "")
	if st != 200 || ms["month"] != month || len(ms["staff"].([]any)) != 11 {
		t.Fatalf("month: %d %v", st, ms)
	}
	st, one := v.do("GET", "/api/v1/attendance/month?month="+month+"&staff=w1", admin, "")
	if st != 200 {
		t.Fatalf("w1's month: %d %v", st, one)
	}
	hasKeys(t, "month", one, "staff", "name", "month", "workdays", "late", "early", "absent", "late_days", "early_days", "absent_days", "leave_days", "items")
	if st, _ := v.do("GET", "/api/v1/attendance/month?month=2026-1", admin, ""); st != 400 {
		t.Errorf("bad month: %d", st)
	}
	if st, _ := v.do("GET", "/api/v1/attendance/month?month="+month+"&staff=nobody", admin, ""); st != 404 {
		t.Errorf("unknown staff: %d", st)
	}
}

// doList sends a GET and decodes a JSON array answer.
func (v *env) doList(method, path, token string) (int, []any) {
	v.t.Helper()
	req, _ := http.NewRequest(method, v.ts.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		v.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out []any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		v.t.Fatalf("%s %s: %v", method, path, err)
	}
	return resp.StatusCode, out
}
