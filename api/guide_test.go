package api

import (
	"testing"

	"halld/queue/guide"
)

// TestGuidesAPI: anybody reads, only an admin writes, with the edit's
// validation; a refused edit changes nothing.
func TestGuidesAPI(t *testing.T) {
	v := newEnv(t)
	g, err := guide.Open(v.e)
	if err != nil {
		t.Fatal(err)
	}
	v.srv.WithGuides(g)
	body := `{"materials":["申请书","身份证"],"procedure":["受理","办结"],"time_limit":"承诺5个工作日","fees":"不收费","basis":["《条例》"]}`
	admin, clerk := v.login("admin", 0), v.login("w1", 1)
	for _, tc := range []struct {
		token, service, body string
		want                 int
		code                 string
	}{
		{"", "estate", body, 401, "session_invalid"},
		{clerk, "estate", body, 403, "forbidden"},
		{admin, "nope", body, 404, "unknown_service"},
		{admin, "estate", `{"materials":[],"procedure":["受理"],"time_limit":"5日","fees":"不收费"}`, 400, "missing_materials"},
		{admin, "estate", `{"colour":1}`, 400, ""},
		{admin, "estate", body, 200, ""},
	} {
		st, m := v.do("PUT", "/api/v1/guides/"+tc.service, tc.token, tc.body)
		if st != tc.want || (tc.code != "" && errCodeOf(m) != tc.code) {
			t.Errorf("PUT %s (token %t) %s: %d %v, want %d %s", tc.service, tc.token != "", tc.body, st, m, tc.want, tc.code)
		}
	}
	st, m := v.do("GET", "/api/v1/guides/estate", "", "")
	if st != 200 || m["version"] != 1.0 || m["updated_by"] != "admin" || m["fees"] != "不收费" || len(m["windows"].([]any)) == 0 {
		t.Fatalf("GET: %d %v", st, m)
	}
	st, m = v.do("GET", "/api/v1/guides", "", "")
	if list, _ := m["guides"].([]any); st != 200 || len(list) != 6 {
		t.Fatalf("list: %d %v", st, m)
	}
}
