package api

import (
	"strings"
	"testing"
)

// TestCaseAPI: an admin issues a token to the approval system, which
// creates and moves a case; the public view is masked; a clerk accepts a
// case at the window.
func TestCaseAPI(t *testing.T) {
	v := newEnv(t)
	admin := v.login("admin", 0)
	st, m := v.do("POST", "/api/v1/admin/tokens", admin, `{"name":"approval"}`)
	if st != 201 {
		t.Fatalf("token: %d %v", st, m)
	}
	sys := m["token"].(string)
	body := `{"number":"SP-20261123-01","service":"estate","applicant":{"name":"张三丰","id_number":"11010519491231002X","phone":"13812341234"},"type":"promised","promised_days":5}`
	if st, m := v.do("POST", "/api/v1/cases", "", body); st != 401 {
		t.Errorf("no token: %d %v", st, m)
	}
	st, c := v.do("POST", "/api/v1/cases", sys, body)
	if st != 201 || c["applicant"] != "张*丰" || c["state"] != "accepted" {
		t.Fatalf("create: %d %v", st, c)
	}
	for _, leak := range []string{"13812341234", "19491231", "张三丰"} {
		_, pub := v.do("GET", "/api/v1/cases/SP-20261123-01", "", "")
		if strings.Contains(jsonOf(pub), leak) {
			t.Errorf("public case view leaks %s", leak)
		}
	}
	if st, m := v.do("PATCH", "/api/v1/cases/SP-20261123-01", sys, `{"state":"suspended","note":"补正材料"}`); st != 200 || m["paused"] != true {
		t.Errorf("suspend: %d %v", st, m)
	}
	if st, m := v.do("PATCH", "/api/v1/cases/SP-20261123-01", sys, `{"state":"picked_up"}`); st != 409 {
		t.Errorf("illegal move: %d %v", st, m)
	}
	_, board := v.do("GET", "/api/v1/cases?state=open", "", "")
	if cases := board["cases"].([]any); len(cases) != 1 {
		t.Errorf("board %v", board)
	}
	if st, _ := v.do("GET", "/api/v1/cases?state=weird", "", ""); st != 400 {
		t.Errorf("bad filter: %d", st)
	}

	// At the window.
	v.do("POST", "/api/v1/tickets", "", `{"service":"tax"}`)
	clerk := v.login("w9", 9)
	v.do("POST", "/api/v1/windows/9/call", clerk, "")
	v.do("POST", "/api/v1/windows/9/start", clerk, "")
	st, k := v.do("POST", "/api/v1/windows/9/accept", clerk, `{"applicant":{"company":"某某商贸有限公司"},"type":"instant"}`)
	if st != 201 || k["window"] != 9.0 || k["applicant"] != "某某商贸有限公司" {
		t.Fatalf("accept: %d %v", st, k)
	}
	if st, m := v.do("POST", "/api/v1/cases", clerk, body); st != 403 {
		t.Errorf("a clerk created a case through the system API: %d %v", st, m)
	}

	// Statistics: supervisors and admins.
	if st, _ := v.do("GET", "/api/v1/stats", clerk, ""); st != 403 {
		t.Errorf("a clerk reads the statistics: %d", st)
	}
	st, rep := v.do("GET", "/api/v1/stats?by=window", admin, "")
	rows, _ := rep["rows"].([]any)
	if st != 200 || len(rows) != 1 || rows[0].(map[string]any)["key"] != "9" {
		t.Errorf("stats by window: %d %v", st, rep)
	}
	if st, _ := v.do("GET", "/api/v1/stats?by=moon", admin, ""); st != 400 {
		t.Errorf("bad dimension: %d", st)
	}

	// Holiday tables: admins only.
	if st, _ := v.do("GET", "/api/v1/admin/holidays", clerk, ""); st != 403 {
		t.Errorf("clerk reads holiday admin: %d", st)
	}
	if st, m := v.do("PUT", "/api/v1/admin/holidays", admin, `{"year":2027}`); st != 400 {
		t.Errorf("bad table: %d %v", st, m)
	}
	if st, m := v.do("DELETE", "/api/v1/admin/tokens/approval", admin, ""); st != 200 {
		t.Errorf("revoke: %d %v", st, m)
	}
	if st, _ := v.do("PATCH", "/api/v1/cases/SP-20261123-01", sys, `{"state":"processing"}`); st != 401 {
		t.Errorf("revoked token still works: %d", st)
	}
}
