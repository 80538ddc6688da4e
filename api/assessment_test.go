package api

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"halld/queue"
	"halld/queue/assess"
)

func TestAssessmentRolesAndFormats(t *testing.T) {
	v := newEnv(t)
	v.srv.WithAssessment(assess.NewLedger(v.e, v.e.Hall(), v.e.Calendar()))
	clerk := v.login("w1", 1)
	// A 差评 at window 1, this month.
	tv, err := v.e.Issue(queue.IssueRequest{Service: "estate", Channel: "kiosk"})
	if err != nil {
		t.Fatal(err)
	}
	a := queue.Act{Token: clerk, Window: 1}
	if _, err := v.e.CallNext(a); err != nil {
		t.Fatal(err)
	}
	if _, err := v.e.Start(a); err != nil {
		t.Fatal(err)
	}
	if _, err := v.e.Finish(a, queue.OutcomeHandled); err != nil {
		t.Fatal(err)
	}
	if _, err := v.e.Evaluate(queue.EvaluateRequest{Ticket: tv.ID, Level: 1, Channel: "keypad"}); err != nil {
		t.Fatal(err)
	}
	admin := v.login("admin", 0)
	month := time.Now().In(v.e.Hall().Location).Format("2006-01")

	for _, c := range []struct {
		name, token, query string
		status             int
		code               string
	}{
		{"no token", "", "", 401, ""},
		{"a clerk is refused", clerk, "", 403, "not_allowed"},
		{"a bad month", admin, "?month=2026-13", 400, "bad_month"},
		{"a bad format", admin, "?format=xml", 400, "bad_format"},
		{"the admin", admin, "", 200, ""},
		{"the admin, a month", admin, "?month=" + month, 200, ""},
	} {
		st, m := v.do("GET", "/api/v1/assessment"+c.query, c.token, "")
		if st != c.status {
			t.Errorf("%s: %d %v, want %d", c.name, st, m, c.status)
			continue
		}
		if c.code != "" {
			if e, _ := m["error"].(map[string]any); e["code"] != c.code || e["message"] == "" {
				t.Errorf("%s: error %v, want %s", c.name, m, c.code)
			}
		}
		if st == 200 {
			if m["month"] != month || m["base"] != 100.0 {
				t.Errorf("%s: %v", c.name, m)
			}
			deps := m["departments"].([]any)
			first := deps[0].(map[string]any)
			if first["id"] != "自然资源和规划局" || first["total"] != 99.0 {
				t.Errorf("%s: first department %v, want 自然资源和规划局 at 99 (one 差评)", c.name, first)
			}
			items := first["items"].([]any)
			src := items[0].(map[string]any)["sources"].([]any)[0].(map[string]any)
			if src["seq"].(float64) < 1 || !strings.HasSuffix(src["ref"].(string), tv.Number) {
				t.Errorf("%s: source %v", c.name, src)
			}
		}
	}

	req, _ := http.NewRequest("GET", v.ts.URL+"/api/v1/assessment?format=csv&month="+month, nil)
	req.Header.Set("Authorization", "Bearer "+admin)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	body := string(raw)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") ||
		!strings.HasPrefix(body, "\uFEFF月份,类别,编号,名称") {
		t.Fatalf("csv: %d %s %q", resp.StatusCode, resp.Header.Get("Content-Type"), body[:min(len(body), 80)])
	}
	if !strings.Contains(body, month+",窗口单位,自然资源和规划局,自然资源和规划局,差评,1,-1,,,#") ||
		!strings.Contains(body, ",工作人员,w1,王芳,合计,,,99,优秀,") {
		t.Errorf("csv lacks the 差评 line or 王芳's total:\n%s", body)
	}
}
