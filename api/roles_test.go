package api

import (
	"net/http"
	"testing"
)

// Issue 15, attack 6: an approval system's token and a board's agent token
// cancelled tickets; cancel is for supervisors and admins only (docs).
func TestCancelNeedsASupervisor(t *testing.T) {
	v := newEnv(t)
	admin := v.login("admin", 0)
	st, m := v.do("POST", "/api/v1/admin/tokens", admin, `{"name":"approval"}`)
	if st != http.StatusCreated {
		t.Fatalf("system token: %d %v", st, m)
	}
	system := m["token"].(string)
	agent, err := v.e.IssueAgentToken(admin, "cabinet-1")
	if err != nil {
		t.Fatal(err)
	}
	clerk := v.login("w1", 1)
	st, tk := v.do("POST", "/api/v1/tickets", "", `{"service":"estate"}`)
	if st != http.StatusCreated {
		t.Fatalf("issue: %d %v", st, tk)
	}
	id := tk["id"].(string)
	for who, tok := range map[string]string{"approval system": system, "board agent": agent, "clerk": clerk} {
		st, m := v.do("POST", "/api/v1/tickets/"+id+"/cancel", tok, "")
		if st != http.StatusForbidden || m["error"].(map[string]any)["code"] != "supervisor_only" {
			t.Errorf("%s cancels: %d %v", who, st, m)
		}
	}
	if st, m := v.do("POST", "/api/v1/tickets/"+id+"/cancel", admin, ""); st != 200 || m["state"] != "cancelled" {
		t.Errorf("admin cancels: %d %v", st, m)
	}
}
