package api

import (
	"testing"
	"time"

	"halld/queue/hall"
)

// TestConfirmClockIsForAdmins: the clock_jump override needs an admin.
func TestConfirmClockIsForAdmins(t *testing.T) {
	v := newEnv(t)
	day := hall.Demo().Day(time.Now())
	if st, m := v.do("POST", "/api/v1/admin/clock/confirm", v.login("w1", 1), `{"day":"`+day+`"}`); st != 403 {
		t.Errorf("a clerk confirmed the clock: %d %v", st, m)
	}
	_, m := v.do("POST", "/api/v1/login", "", `{"staff":"admin","pin":"1234"}`)
	admin := m["token"].(string)
	if st, m := v.do("POST", "/api/v1/admin/clock/confirm", admin, `{"day":"2001-01-01"}`); st != 400 || m["error"].(map[string]any)["code"] != "bad_day" {
		t.Errorf("confirming another day: %d %v", st, m)
	}
	if st, m := v.do("POST", "/api/v1/admin/clock/confirm", admin, `{"day":"`+day+`"}`); st != 200 {
		t.Errorf("admin confirmation: %d %v", st, m)
	}
}
