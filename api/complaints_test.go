package api

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"halld/queue/audit"
	"halld/queue/complaints"
)

// withSupervision adds the complaints desk and the audit trail to v.
func withSupervision(t *testing.T, v *env) *audit.Trail {
	t.Helper()
	d, err := complaints.New(v.e, complaints.Options{})
	if err != nil {
		t.Fatal(err)
	}
	v.srv.WithComplaints(d)
	tr := audit.New(v.e, nil, nil)
	v.srv.WithAudit(tr)
	return tr
}

// get fetches path with token, answering the status, the type and the body.
func (v *env) get(path, token string) (int, string, []byte) {
	v.t.Helper()
	req, _ := http.NewRequest("GET", v.ts.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		v.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), raw
}

func TestComplaintsAPI(t *testing.T) {
	v := newEnv(t)
	withSupervision(t, v)
	admin := v.login("admin", 0)
	clerk := v.login("w3", 3)

	body := `{"window":3,"staff":"w3","summary":"窗口人员态度生硬","contact":{"name":"李四光","phone":"13912345678"}}`
	if st, m := v.do("POST", "/api/v1/complaints", clerk, body); st != http.StatusForbidden || m["error"].(map[string]any)["code"] != "not_allowed" {
		t.Fatalf("a clerk filed: %d %v", st, m)
	}
	if st, _ := v.do("POST", "/api/v1/complaints", "", body); st != http.StatusUnauthorized {
		t.Fatalf("no token: %d", st)
	}
	st, c := v.do("POST", "/api/v1/complaints", admin, body)
	if st != http.StatusCreated {
		t.Fatalf("file: %d %v", st, c)
	}
	hasKeys(t, "complaint", c, "id", "state", "state_name", "accept_due", "conclude_due", "department", "history")
	id := c["id"].(string)
	if c["name"] != "李*光" || c["phone"] != "*******5678" || c["state"] != "received" || c["sealed"] != nil {
		t.Errorf("filed %v", c)
	}

	st, _, raw := v.get("/api/v1/complaints?state=open", admin)
	if st != 200 || !strings.Contains(string(raw), id) || strings.Contains(string(raw), "13912345678") || strings.Contains(string(raw), "李四光") {
		t.Errorf("list %d %s", st, raw)
	}
	if st, _, raw := v.get("/api/v1/complaints?state=maybe", admin); st != 400 {
		t.Errorf("bad state: %d %s", st, raw)
	}
	st, _, raw = v.get("/api/v1/complaints/"+id+"/contact", admin)
	if st != 200 || string(raw) != `{"name":"李四光","phone":"13912345678"}`+"\n" && string(raw) != `{"name":"李四光","phone":"13912345678"}` {
		t.Errorf("contact %d %s", st, raw)
	}
	if st, _, _ := v.get("/api/v1/complaints/"+id+"/contact", clerk); st != http.StatusForbidden {
		t.Errorf("a clerk read the contact: %d", st)
	}

	if st, m := v.do("POST", "/api/v1/complaints/"+id+"/conclude", admin, `{"finding":"substantiated","note":"x"}`); st != http.StatusConflict {
		t.Errorf("conclude before investigating: %d %v", st, m)
	}
	if st, m := v.do("POST", "/api/v1/complaints/"+id+"/investigate", admin, `{"note":"调取录像"}`); st != 200 || m["state"] != "investigating" {
		t.Fatalf("investigate: %d %v", st, m)
	}
	if st, m := v.do("POST", "/api/v1/complaints/"+id+"/conclude", admin, `{"note":"已核实"}`); st != 400 {
		t.Errorf("conclude without finding: %d %v", st, m)
	}
	st, m := v.do("POST", "/api/v1/complaints/"+id+"/conclude", admin, `{"finding":"substantiated","note":"属实，已约谈"}`)
	if st != 200 || m["state"] != "concluded" || m["finding_name"] != "属实" || m["on_time"] != true {
		t.Fatalf("conclude: %d %v", st, m)
	}
	if st, _ := v.do("POST", "/api/v1/complaints/"+id+"/reopen", admin, `{}`); st != 404 {
		t.Errorf("unknown verb: %d", st)
	}
	if st, _ := v.do("GET", "/api/v1/complaints/TS19990101001", admin, ""); st != 404 {
		t.Errorf("unknown complaint: %d", st)
	}

	// An outside system files through its token.
	_, tok := v.do("POST", "/api/v1/admin/tokens", admin, `{"name":"hotline"}`)
	st, m = v.do("POST", "/api/v1/complaints", tok["token"].(string), `{"service":"tax","summary":"12345 转来：排队太久"}`)
	if st != http.StatusCreated || m["source"] != "api" || m["filed_by"] != "api:hotline" {
		t.Errorf("system filing: %d %v", st, m)
	}
}

// TestComplaintFromFollowUp: 转投诉 takes the 差评's window, staff and
// service, once.
func TestComplaintFromFollowUp(t *testing.T) {
	v := newEnv(t)
	withSupervision(t, v)
	_, tk := v.do("POST", "/api/v1/tickets", "", `{"service":"estate","channel":"kiosk"}`)
	id := tk["id"].(string)
	clerk := v.login("w4", 4)
	for _, verb := range []string{"call", "start", "finish"} {
		if st, m := v.do("POST", "/api/v1/windows/4/"+verb, clerk, ""); st != 200 {
			t.Fatalf("%s: %d %v", verb, st, m)
		}
	}
	if st, m := v.do("POST", "/api/v1/tickets/"+id+"/evaluation", "", `{"key":"`+v.e.TicketKey(id)+`","level":1}`); st != 200 {
		t.Fatalf("rating: %d %v", st, m)
	}
	admin := v.login("admin", 0)
	body := `{"followup":"` + id + `","summary":"回访时申请人坚持投诉"}`
	st, m := v.do("POST", "/api/v1/complaints", admin, body)
	if st != http.StatusCreated || m["source"] != "followup" || m["window"] != 4.0 || m["staff"] != "w4" || m["service"] != "estate" || m["followup"] != id {
		t.Fatalf("转投诉: %d %v", st, m)
	}
	if st, m := v.do("POST", "/api/v1/complaints", admin, body); st != http.StatusConflict {
		t.Errorf("twice: %d %v", st, m)
	}
	if st, _ := v.do("POST", "/api/v1/complaints", admin, `{"followup":"nope","summary":"x"}`); st != 404 {
		t.Errorf("unknown follow-up: %d", st)
	}
}

// TestAuditAPI: a login, a call, a cancel and a complaint, each with the
// terminal it came from; refused requests are not in it; CSV for export.
func TestAuditAPI(t *testing.T) {
	v := newEnv(t)
	tr := withSupervision(t, v)
	clerk := v.login("w3", 3)
	admin := v.login("admin", 0)
	v.do("POST", "/api/v1/tickets", "", `{"service":"estate","channel":"kiosk"}`)
	_, b := v.do("POST", "/api/v1/tickets", "", `{"service":"estate","channel":"kiosk"}`)
	req, _ := http.NewRequest("POST", v.ts.URL+"/api/v1/windows/3/call", nil)
	req.Header.Set("Authorization", "Bearer "+clerk)
	req.Header.Set(TerminalHeader, "terminal-3")
	req.Header.Set("X-Test-From", "10.1.2.3:40000")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
		t.Fatalf("call: %v %v", resp, err)
	}
	if st, _ := v.do("POST", "/api/v1/tickets/"+b["id"].(string)+"/cancel", admin, ""); st != 200 {
		t.Fatalf("cancel: %d", st)
	}
	v.do("POST", "/api/v1/tickets/nope/cancel", admin, "") // refused: not in the trail
	if st, m := v.do("POST", "/api/v1/complaints", admin, `{"window":3,"summary":"态度差","contact":{"phone":"13900001111"}}`); st != 201 {
		t.Fatalf("complaint: %d %v", st, m)
	}
	if err := tr.Flush(); err != nil {
		t.Fatal(err)
	}
	if st, _, _ := v.get("/api/v1/audit", clerk); st != http.StatusForbidden {
		t.Errorf("a clerk read the trail: %d", st)
	}
	st, _, raw := v.get("/api/v1/audit", admin)
	if st != 200 {
		t.Fatalf("audit: %d %s", st, raw)
	}
	var got struct {
		Entries []audit.Entry `json:"entries"`
	}
	json.Unmarshal(raw, &got)
	var lines []string
	for _, e := range got.Entries {
		lines = append(lines, e.Actor+" "+e.What+" "+e.Object+" "+e.Terminal)
	}
	want := "w3 窗口登录 3号窗口 |admin 登录  |w3 叫号 A001 terminal-3|admin 取消号 A002 |admin 登记投诉 " + time0(v) + "001 "
	if strings.Join(lines, "|") != want {
		t.Errorf("trail\n%s\nwant\n%s", strings.Join(lines, "|"), want)
	}
	for _, e := range got.Entries {
		if e.What == "叫号" && e.Remote != "10.1.2.3:40000" {
			t.Errorf("call from %q", e.Remote)
		}
	}
	if strings.Contains(string(raw), "13900001111") || strings.Contains(string(raw), "态度差") {
		t.Error("personal data or free text in the trail")
	}
	st, ctype, raw := v.get("/api/v1/audit?format=csv", admin)
	if st != 200 || !strings.HasPrefix(ctype, "text/csv") || !strings.HasPrefix(string(raw), "\ufeff序号,时间,工号") || !strings.Contains(string(raw), ",叫号,A001,3,10.1.2.3:40000,terminal-3,") {
		t.Errorf("csv %d %s\n%s", st, ctype, raw)
	}
	for _, q := range []string{"?from=2026-13-01", "?from=2026-11-02&to=2026-11-01", "?from=2024-01-01&to=2026-01-01", "?format=xml"} {
		if st, _, raw := v.get("/api/v1/audit"+q, admin); st != 400 {
			t.Errorf("%s: %d %s", q, st, raw)
		}
	}
}

func time0(v *env) string {
	return "TS" + strings.ReplaceAll(v.e.Hall().Day(time.Now()), "-", "")
}
