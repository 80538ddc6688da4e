package api

import (
	"strings"
	"testing"

	"halld/queue"
)

// The notice line: admins set it, it is checked, kept in the hall view and
// recorded as an event.
func TestNotice(t *testing.T) {
	v := newEnv(t)
	admin, clerk := v.login("admin", 0), v.login("w1", 1)
	tests := []struct {
		name, token, body string
		status            int
		code              string
	}{
		{"clerk", clerk, `{"text":"x"}`, 403, "not_allowed"},
		{"nobody", "", `{"text":"x"}`, 401, ""},
		{"two lines", admin, `{"text":"一\n二"}`, 400, "bad_notice"},
		{"too long", admin, `{"text":"` + strings.Repeat("长", queue.MaxNotice+1) + `"}`, 400, "bad_notice"},
		{"good", admin, `{"text":"今日延时服务至19:00"}`, 200, ""},
	}
	for _, tt := range tests {
		st, m := v.do("PUT", "/api/v1/admin/notice", tt.token, tt.body)
		e, _ := m["error"].(map[string]any)
		if st != tt.status || (tt.code != "" && e["code"] != tt.code) {
			t.Errorf("%s: %d %v, want %d %s", tt.name, st, m, tt.status, tt.code)
		}
	}
	if _, m := v.do("GET", "/api/v1/hall", "", ""); m["notice"] != "今日延时服务至19:00" {
		t.Errorf("hall view notice %v", m["notice"])
	}
	evs, _ := v.e.ReadEvents(0, 1000)
	n := 0
	for _, ev := range evs {
		if ev.Type == queue.EvNotice {
			n++
			if !strings.Contains(string(ev.Data), `"source":"admin"`) {
				t.Errorf("notice event %s", ev.Data)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d notice events, want 1 (refusals change nothing)", n)
	}
}
