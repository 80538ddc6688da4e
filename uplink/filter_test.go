package uplink_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"halld/queue"
	"halld/uplink"
)

func TestFilter(t *testing.T) {
	f := uplink.Filter{Reasons: []string{"午休", "会议"}}
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		data     queue.EventData
		keep     []string // substrings the output must hold
		drop     []string // and must not
		sameAsIn bool
	}{
		{name: "ticket event passes byte for byte",
			data:     queue.EventData{Ticket: &queue.TicketView{ID: "t1", Number: "A001", Service: "estate"}},
			sameAsIn: true},
		{name: "follow-up notes stay in the hall",
			data: queue.EventData{FollowUp: &queue.FollowUp{Ticket: "t1", Number: "A001", Level: 1, Tags: []string{"王五态度差"},
				Notes: []queue.CaseEntry{{At: at, Note: "申请人张三说电话13812345678打不通", By: "admin"}, {At: at, Note: "已回访", By: "admin"}}}},
			keep: []string{`"notes_count":2`, `"number":"A001"`, `"level":1`},
			drop: []string{"张三", "13812345678", "已回访", "王五", `"notes"`, `"tags"`}},
		{name: "follow-up without notes passes",
			data:     queue.EventData{FollowUp: &queue.FollowUp{Ticket: "t1", Number: "A001"}},
			sameAsIn: true},
		{name: "a configured pause reason is kept",
			data: queue.EventData{Reason: "午休", Window: &queue.WindowView{Number: 3, State: queue.WindowPaused, PauseReason: "午休"}},
			keep: []string{`"reason":"午休"`, `"pause_reason":"午休"`}},
		{name: "a free-text pause reason is reduced",
			data: queue.EventData{Reason: "去医院看李四", Window: &queue.WindowView{Number: 3, State: queue.WindowPaused, PauseReason: "去医院看李四"}},
			keep: []string{`"reason":"其他"`, `"pause_reason":"其他"`, `"number":3`},
			drop: []string{"李四"}},
		{name: "a case with its masked applicant passes",
			data:     queue.EventData{Case: &queue.CaseView{Number: "C1", Applicant: "张*明"}},
			sameAsIn: true},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, _ := json.Marshal(tt.data)
			ev := queue.Event{Seq: uint64(i + 1), Type: "x.y", At: at, Data: data}
			out, err := f.Event(ev)
			if err != nil {
				t.Fatal(err)
			}
			if tt.sameAsIn && string(out) != string(ev.JSON()) {
				t.Errorf("changed:\n in %s\nout %s", ev.JSON(), out)
			}
			for _, s := range tt.keep {
				if !strings.Contains(string(out), s) {
					t.Errorf("%s lost %s", out, s)
				}
			}
			for _, s := range tt.drop {
				if strings.Contains(string(out), s) {
					t.Errorf("%s still holds %s", out, s)
				}
			}
			var back queue.Event
			if err := json.Unmarshal(out, &back); err != nil || back.Seq != ev.Seq || back.Type != ev.Type || !back.At.Equal(at) {
				t.Errorf("not an event any more: %s (%v)", out, err)
			}
		})
	}
}
