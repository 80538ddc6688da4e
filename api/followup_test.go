package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestFollowUpNoteStaysOffTheAnonymousStream: a supervisor's 回访 note
// names the applicant and a phone number; the anonymous event stream gets
// a placeholder, the supervisors' stream the follow-up without the note,
// and their REST list with it.
func TestFollowUpNoteStaysOffTheAnonymousStream(t *testing.T) {
	v := newEnv(t)
	_, tk := v.do("POST", "/api/v1/tickets", "", `{"service":"estate","channel":"kiosk"}`)
	id := tk["id"].(string)
	clerk := v.login("w3", 3)
	for _, verb := range []string{"call", "start", "finish"} {
		if st, m := v.do("POST", "/api/v1/windows/3/"+verb, clerk, ""); st != 200 {
			t.Fatalf("%s: %d %v", verb, st, m)
		}
	}
	body := `{"key":"` + v.e.TicketKey(id) + `","level":1,"tags":["张三丰13856781234"]}`
	if st, m := v.do("POST", "/api/v1/tickets/"+id+"/evaluation", "", body); st != 200 {
		t.Fatalf("rating: %d %v", st, m)
	}
	admin := v.login("admin", 0)
	note := "已电话回访申请人张三丰（13856781234），反映等候时间过长"
	if st, m := v.do("PATCH", "/api/v1/followups/"+id, admin, `{"state":"verified","note":"`+note+`"}`); st != 200 || m["notes"] == nil {
		t.Fatalf("update: %d %v", st, m)
	}

	c := v.dial("0") // no credential: what any screen or phone in the hall can open
	last := v.e.Stats().Seq
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	kinds := map[string]bool{}
	for seq := uint64(0); seq < last; {
		_, msg, err := c.ReadMessage()
		if err != nil {
			t.Fatalf("after event %d of %d: %v", seq, last, err)
		}
		var ev struct {
			Seq  uint64 `json:"seq"`
			Type string `json:"type"`
		}
		json.Unmarshal(msg, &ev)
		seq, kinds[ev.Type] = ev.Seq, true
		for _, leak := range []string{"13856781234", "张三丰", "等候时间过长"} {
			if strings.Contains(string(msg), leak) {
				t.Errorf("the anonymous stream carries %q: %s", leak, msg)
			}
		}
	}
	if kinds["followup.opened"] || kinds["followup.updated"] || !kinds["private"] {
		t.Errorf("follow-ups on the anonymous stream, or no placeholder for them: %v", kinds)
	}
	// A supervisor's stream has them (still without the note).
	sc, _, err := v.dialAs("0", admin)
	if err != nil {
		t.Fatal(err)
	}
	sup := readUpTo(t, sc, 0, last)
	opened, updated := false, false
	for _, msg := range sup {
		opened = opened || strings.Contains(string(msg), `"type":"followup.opened"`)
		updated = updated || strings.Contains(string(msg), `"type":"followup.updated"`)
		if strings.Contains(string(msg), "等候时间过长") {
			t.Errorf("the note is in a stream event: %s", msg)
		}
	}
	if !opened || !updated {
		t.Errorf("follow-up events missing from the supervisor's stream")
	}
	req, _ := http.NewRequest("GET", v.ts.URL+"/api/v1/followups", nil)
	req.Header.Set("Authorization", "Bearer "+admin)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list []struct {
		Notes []struct{ Note string } `json:"notes"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil || len(list) != 1 || len(list[0].Notes) != 1 || list[0].Notes[0].Note != note {
		t.Errorf("the supervisors' list lost the note: %+v %v", list, err)
	}
}
