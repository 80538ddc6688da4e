package hallnet_test

import (
	"fmt"

	"halld/hallnet"
)

// A hall publishes events 41 and 42 as one message; the centre decodes it.
func Example() {
	const hall = "330106001000-01"
	b := hallnet.Batch{First: 41, Last: 42, Events: [][]byte{
		[]byte(`{"seq":41,"type":"ticket.issued"}`),
		[]byte(`{"seq":42,"type":"ticket.called"}`),
	}}
	h := b.Headers()
	fmt.Println("subject:", hallnet.EventsSubject(hall))
	fmt.Println("stream: ", hallnet.StreamName(hall))
	fmt.Println("msg id: ", hallnet.MsgID(hall, b.First, b.Last))

	got, err := hallnet.DecodeBatch(h[hallnet.HeaderSchema], h[hallnet.HeaderFirst], h[hallnet.HeaderLast], b.Encode())
	fmt.Println(len(got.Events), "events", got.First, "to", got.Last, err)
	// Output:
	// subject: halls.330106001000-01.events
	// stream:  HALL_330106001000_01
	// msg id:  330106001000-01:41-42
	// 2 events 41 to 42 <nil>
}
