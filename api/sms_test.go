package api

import (
	"strings"
	"testing"

	"halld/queue/sms"
)

// The SMS queue: admins only, phones masked, a test message queued.
func TestSMS(t *testing.T) {
	v := newEnv(t)
	o, err := sms.Open(v.e, func() sms.Config { c := sms.Config{Enabled: true}; c.Validate(); return c }(), sms.Options{Sender: "modem"})
	if err != nil {
		t.Fatal(err)
	}
	v.srv.WithSMS(o)
	admin, clerk := v.login("admin", 0), v.login("w1", 1)
	tests := []struct {
		name, method, path, token, body string
		status                          int
		code                            string
	}{
		{"clerk reads", "GET", "/api/v1/sms", clerk, "", 403, "admin_only"},
		{"nobody reads", "GET", "/api/v1/sms", "", "", 401, ""},
		{"clerk tests", "POST", "/api/v1/sms/test", clerk, `{"phone":"13800138000"}`, 403, "admin_only"},
		{"bad phone", "POST", "/api/v1/sms/test", admin, `{"phone":"12345"}`, 400, "bad_phone"},
		{"unknown field", "POST", "/api/v1/sms/test", admin, `{"phone":"13800138000","to":"x"}`, 400, ""},
		{"test", "POST", "/api/v1/sms/test", admin, `{"phone":"13800138000"}`, 202, ""},
	}
	for _, tt := range tests {
		st, m := v.do(tt.method, tt.path, tt.token, tt.body)
		e, _ := m["error"].(map[string]any)
		if st != tt.status || (tt.code != "" && e["code"] != tt.code) {
			t.Errorf("%s: %d %v, want %d %s", tt.name, st, m, tt.status, tt.code)
		}
	}
	st, m := v.do("GET", "/api/v1/sms", admin, "")
	if st != 200 || m["queued"] != 1.0 || m["sender"] != "modem" {
		t.Fatalf("status %d %v", st, m)
	}
	msg := m["messages"].([]any)[0].(map[string]any)
	if msg["to"] != "*******8000" || msg["kind"] != "test" || !strings.Contains(msg["text"].(string), "短信通知测试") {
		t.Fatalf("message %v", msg)
	}
	evs, _ := v.e.ReadEvents(0, 1000)
	for _, ev := range evs {
		if strings.Contains(string(ev.JSON()), "13800138000") {
			t.Fatalf("event %s holds the phone", ev.JSON())
		}
	}
}
