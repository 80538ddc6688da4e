package assess

import (
	"encoding/json"
	"sort"
	"testing"
	"time"

	"halld/queue"
	"halld/queue/hall"
)

// memLog is a log in memory, for the benchmark: the engine's own log
// would spend the benchmark's time in fsyncs while it is filled.
type memLog []queue.Event

func (m memLog) Stats() queue.Stats { return queue.Stats{Seq: uint64(len(m))} }

func (m memLog) ReadEvents(after uint64, max int) ([]queue.Event, error) {
	i := sort.Search(len(m), func(i int) bool { return m[i].Seq > after })
	return m[i:min(len(m), i+max)], nil
}

// busyMonth is a busy hall's November: 10 000 services, each issued,
// called, started, finished and rated (50 000 events), after a month of
// October, in the demo hall.
func busyMonth(h *hall.Hall) memLog {
	var log memLog
	services := []string{"estate", "social", "business", "fund", "exit", "tax"}
	start := time.Date(2026, 10, 1, 9, 0, 0, 0, h.Location)
	add := func(at time.Time, typ string, d queue.EventData) {
		raw, _ := json.Marshal(d)
		log = append(log, queue.Event{Seq: uint64(len(log) + 1), Type: typ, At: at, Data: raw})
	}
	for n := range 20000 {
		at := start.Add(time.Duration(n) * 260 * time.Second) // two months
		svc := services[n%len(services)]
		tv := &queue.TicketView{ID: "t" + itoa(n), Number: "A" + itoa(n%1000), Service: svc, Day: h.Day(at), Window: 1 + n%10}
		for _, typ := range []string{queue.EvIssued, queue.EvCalled, queue.EvStarted, queue.EvFinished} {
			add(at, typ, queue.EventData{Ticket: tv})
		}
		lv := 5 - n%5 + n%3/2
		add(at, queue.EvEvaluated, queue.EventData{Ticket: tv, FromWindow: tv.Window, Evaluation: &queue.EvaluationView{
			Level: min(lv, 5), Channel: "keypad", Active: true, Staff: "w" + itoa(1+n%10)}})
	}
	return log
}

func BenchmarkScoreMonth(b *testing.B) {
	h := hall.Demo()
	log := busyMonth(h)
	var r Report
	for b.Loop() {
		l := NewLedger(log, h, nil) // nothing kept: the month read and scored each time
		var err error
		if r, err = l.Month("2026-11"); err != nil {
			b.Fatal(err)
		}
	}
	if r.Facts == 0 {
		b.Fatal("no facts")
	}
}
