package api

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"halld/queue"
	"halld/queue/assess"
	"halld/queue/hall"
	"halld/queue/queuetest"
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

// TestAssessmentBoard is the public 红黑榜: December 2025 of a hall whose
// clock is there (the real clock is later, so the month is over).
func TestAssessmentBoard(t *testing.T) {
	now := time.Date(2025, 12, 1, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))
	e := queuetest.Open(t, hall.Demo(), queue.Options{Now: func() time.Time { return now }})
	srv := New(e, nil)
	srv.WithAssessment(assess.NewLedger(e, e.Hall(), e.Calendar()))
	ts := httptest.NewServer(srv)
	defer ts.Close()
	serve := func(staff string, window int, service string, level int) {
		tok, _, err := e.Login(queue.LoginRequest{Staff: staff, PIN: "1234", Window: window})
		if err != nil {
			t.Fatal(err)
		}
		a := queue.Act{Token: tok, Window: window}
		tv, err := e.Issue(queue.IssueRequest{Service: service, Channel: "kiosk"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.CallNext(a); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Start(a); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Finish(a, queue.OutcomeHandled); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Evaluate(queue.EvaluateRequest{Ticket: tv.ID, Level: level, Channel: "keypad"}); err != nil {
			t.Fatal(err)
		}
	}
	serve("w3", 3, "estate", 5)
	serve("w3", 3, "estate", 5)
	serve("w5", 5, "social", 1)

	get := func(q string) (int, string) {
		resp, err := http.Get(ts.URL + "/api/v1/assessment/board" + q)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	st, body := get("?month=2025-12")
	var b boardView
	if err := json.Unmarshal([]byte(body), &b); st != 200 || err != nil {
		t.Fatalf("%d %s", st, body)
	}
	// 自然资源和规划局 100 (and 100 in November: the 流动红旗), 人力资源和社会
	// 保障局 99 (one 差评): black. 先进个人: 张伟 (100), 陈静 (99.5).
	if b.Units[0].Total != 100 || len(b.Black) != 1 || b.Black[0].Name != "人力资源和社会保障局" || b.Black[0].Total != 99 ||
		!slices.Equal(b.RedFlag, []string{"自然资源和规划局"}) || b.Period != [2]string{"2025-11", "2025-12"} ||
		len(b.Advanced) != 2 || b.Advanced[0] != (assess.Person{ID: "w3", Name: "张伟"}) {
		t.Errorf("board %+v", b)
	}
	for _, private := range []string{"sources", "flags", "items", "差评", "least", "seq"} {
		if strings.Contains(body, private) {
			t.Errorf("the public board shows %q: %s", private, body)
		}
	}
	this := time.Now().In(e.Hall().Location).Format("2006-01")
	for q, want := range map[string]int{"?month=" + this: 400, "?month=2099-01": 400, "?month=x": 400, "": 200} {
		if st, body := get(q); st != want {
			t.Errorf("%q: %d %s, want %d", q, st, body, want)
		}
	}
}
