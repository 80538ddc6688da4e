package uplink_test

import (
	"fmt"
	"time"

	"halld/queue"
	"halld/uplink"
)

// What leaves the hall of an event: a follow-up's notes become their
// count, a free-text pause reason becomes 其他.
func ExampleFilter() {
	f := uplink.Filter{Reasons: []string{"午休", "会议"}}
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	for _, ev := range []queue.Event{
		{Seq: 42, Type: "followup.updated", At: at,
			Data: []byte(`{"followup":{"ticket":"t1","number":"A001","level":1,"notes":[{"note":"已电话回访张先生，13812345678","by":"admin"}]}}`)},
		{Seq: 43, Type: "window.paused", At: at, Data: []byte(`{"reason":"送孩子去医院","window":{"number":3,"state":"paused","pause_reason":"送孩子去医院"}}`)},
		{Seq: 44, Type: "window.paused", At: at, Data: []byte(`{"reason":"午休","window":{"number":4,"state":"paused","pause_reason":"午休"}}`)},
	} {
		out, _ := f.Event(ev)
		fmt.Println(string(out))
	}
	// Output:
	// {"seq":42,"type":"followup.updated","at":"2026-03-02T10:00:00Z","data":{"followup":{"level":1,"notes_count":1,"number":"A001","ticket":"t1"}}}
	// {"seq":43,"type":"window.paused","at":"2026-03-02T10:00:00Z","data":{"reason":"其他","window":{"number":3,"pause_reason":"其他","state":"paused"}}}
	// {"seq":44,"type":"window.paused","at":"2026-03-02T10:00:00Z","data":{"reason":"午休","window":{"number":4,"pause_reason":"午休","state":"paused"}}}
}
