// Package sampleday is a small hall day whose figures were worked out by
// hand, as the events a hall publishes: the centre's tests ingest it and
// compare the centre's figures with the hand's. It also makes long runs
// of filler events for the stream tests.
//
// Caveat: the events are built from queue's types but not by a queue
// engine; they follow the engine's shapes (views after the change, the
// first call flagged) closely enough for the centre's projections only.
package sampleday

import (
	"encoding/json"
	"fmt"
	"time"

	"halld/hallnet"
	"halld/queue"
	"halld/queue/workday"
)

// Day is the sample's day; Today the day its overdue lists are read on.
const (
	Day   = "2026-12-01"
	Today = "2026-12-03"
)

// Departments of the sample's two services (the live record names S1's,
// the case S2's).
const (
	DeptS1 = "公安局"
	DeptS2 = "市场监管局"
)

var cst = time.FixedZone("CST", 8*3600)

func at(hh, mm int) time.Time { return time.Date(2026, 12, 1, hh, mm, 0, 0, cst) }

type builder struct {
	events []queue.Event
}

func (b *builder) add(typ string, t time.Time, d queue.EventData) {
	data, err := json.Marshal(d)
	if err != nil {
		panic(err)
	}
	b.events = append(b.events, queue.Event{Seq: uint64(len(b.events) + 1), Type: typ, At: t, Data: data})
}

func window(n int, staff string) *queue.WindowView {
	return &queue.WindowView{Number: n, Name: fmt.Sprintf("%d号窗口", n), State: "open",
		Staff: &queue.StaffView{ID: staff, Name: "工作人员" + staff}}
}

// Events returns the sample day's 15 events:
//
//	T1 (S1) issued 09:00, called at window 1 (w1) 09:10 (wait 600 s),
//	   started 09:11, finished 09:21 (service 600 s), rated 5 on the keypad
//	   (at 09:31)
//	T2 (S1) issued 09:05, called at window 1 09:25 (wait 1200 s), no-show
//	T3 (S2) issued 09:40, called at window 2 (w2) 09:50 (wait 600 s),
//	   started 09:50, finished 10:00 (600 s), rated 2 by default (差评):
//	   a follow-up due for 回访 on 12-02, for 整改 on 12-08
//	case K1 (S2, 市场监管局), accepted 11-20, due 11-27, still accepted
func Events() []queue.Event {
	var b builder
	t1 := queue.TicketView{ID: "t1", Number: "A001", Service: "S1", ServiceName: "户籍", Channel: "kiosk",
		Day: Day, IssuedAt: at(9, 0), State: queue.Waiting}
	t2 := queue.TicketView{ID: "t2", Number: "A002", Service: "S1", ServiceName: "户籍", Channel: "kiosk",
		Day: Day, IssuedAt: at(9, 5), State: queue.Waiting}
	t3 := queue.TicketView{ID: "t3", Number: "B001", Service: "S2", ServiceName: "营业执照", Channel: "wechat",
		Day: Day, IssuedAt: at(9, 40), State: queue.Waiting}
	step := func(typ string, v *queue.TicketView, s queue.State, when time.Time, w *queue.WindowView, first bool) {
		v.State = s
		if w != nil {
			v.Window = w.Number
		}
		switch typ {
		case queue.EvCalled:
			if v.CalledAt == nil {
				v.CalledAt = &when
			}
		case queue.EvStarted:
			v.StartedAt = &when
		case queue.EvFinished:
			v.Outcome = queue.OutcomeHandled
		}
		c := *v
		b.add(typ, when, queue.EventData{Ticket: &c, Window: w, First: first})
	}
	step(queue.EvIssued, &t1, queue.Waiting, at(9, 0), nil, false)
	step(queue.EvIssued, &t2, queue.Waiting, at(9, 5), nil, false)
	step(queue.EvCalled, &t1, queue.Called, at(9, 10), window(1, "w1"), true)
	step(queue.EvStarted, &t1, queue.Serving, at(9, 11), window(1, "w1"), false)
	step(queue.EvFinished, &t1, queue.Done, at(9, 21), window(1, "w1"), false)
	step(queue.EvCalled, &t2, queue.Called, at(9, 25), window(1, "w1"), true)
	step(queue.EvNoShow, &t2, queue.NoShow, at(9, 30), window(1, "w1"), false)
	t1.Evaluated = true
	c1 := t1
	b.add(queue.EvEvaluated, at(9, 31), queue.EventData{Ticket: &c1, FromWindow: 1,
		Evaluation: &queue.EvaluationView{Level: 5, LevelName: queue.LevelName(5), Channel: "keypad", Active: true, Staff: "w1"}})
	step(queue.EvIssued, &t3, queue.Waiting, at(9, 40), nil, false)
	step(queue.EvCalled, &t3, queue.Called, at(9, 50), window(2, "w2"), true)
	step(queue.EvStarted, &t3, queue.Serving, at(9, 50), window(2, "w2"), false)
	step(queue.EvFinished, &t3, queue.Done, at(10, 0), window(2, "w2"), false)
	t3.Evaluated = true
	c3 := t3
	b.add(queue.EvEvaluated, at(10, 5), queue.EventData{Ticket: &c3, FromWindow: 2,
		Evaluation: &queue.EvaluationView{Level: 2, LevelName: queue.LevelName(2), Channel: "keypad", Active: false, Staff: "w2"}})
	b.add(queue.EvFollowUpOpened, at(10, 5), queue.EventData{FollowUp: &queue.FollowUp{
		Ticket: "t3", Number: "B001", Service: "S2", Window: 2, Staff: "w2", Level: 2, LevelName: queue.LevelName(2),
		OpenedAt: at(10, 5), State: queue.FollowOpen,
		VerifyDue: workday.Date{Year: 2026, Month: 12, Day: 2}, CloseDue: workday.Date{Year: 2026, Month: 12, Day: 8}}})
	b.add(queue.EvCaseCreated, at(10, 10), queue.EventData{Case: &queue.CaseView{
		Number: "K1", Service: "S2", ServiceName: "营业执照", Department: DeptS2, Window: 2, Applicant: "张*",
		Type: queue.CasePromised, AcceptedAt: time.Date(2026, 11, 20, 10, 0, 0, 0, cst), PromisedDays: 5,
		Due: workday.Date{Year: 2026, Month: 11, Day: 27}, State: queue.CaseAccepted, StateName: "已受理"}})
	return b.events
}

// Live is the sample hall's live record, naming S1's department.
func Live(hall string, seq uint64, when time.Time) hallnet.Live {
	return hallnet.Live{Hall: hall, Name: "样例大厅", At: when, Seq: seq, Published: seq, Open: true,
		Waiting: 4, WindowsOpen: 2, LongestWaitS: 780,
		Services: []hallnet.LiveService{
			{ID: "S1", Name: "户籍", Department: DeptS1, Waiting: 3, LongestWaitS: 780},
			{ID: "S2", Name: "营业执照", Waiting: 1, LongestWaitS: 60},
		},
		Alerts: []hallnet.LiveAlert{{Kind: "device", Subject: "printer-1", Message: "打印机缺纸"}}}
}

// Filler returns n events numbered from first: device states, which feed
// no projection, for tests of order and exactly-once over long runs.
func Filler(first uint64, n int) []queue.Event {
	out := make([]queue.Event, n)
	base := time.Date(2026, 12, 1, 8, 0, 0, 0, cst)
	for i := range out {
		out[i] = queue.Event{Seq: first + uint64(i), Type: queue.EvDevice, At: base.Add(time.Duration(i) * time.Second),
			Data: json.RawMessage(fmt.Sprintf(`{"device":{"id":"printer-1","kind":"printer","state":"ok","detail":"%d"}}`, i))}
	}
	return out
}

// Batches cuts events into hallnet batches of at most size events.
func Batches(events []queue.Event, size int) []hallnet.Batch {
	var out []hallnet.Batch
	for len(events) > 0 {
		n := min(size, len(events))
		b := hallnet.Batch{First: events[0].Seq, Last: events[n-1].Seq}
		for _, ev := range events[:n] {
			b.Events = append(b.Events, ev.JSON())
		}
		out = append(out, b)
		events = events[n:]
	}
	return out
}

// Busy returns about n events of a busy day numbered from 1: tickets
// issued, called at one of ten windows, served and rated, in the shapes
// of the sample day, for measuring the centre's ingest.
func Busy(n int) []queue.Event {
	var b builder
	start := at(9, 0)
	for i := 0; len(b.events) < n; i++ {
		when := start.Add(time.Duration(i) * 7 * time.Second)
		svc := fmt.Sprintf("S%d", 1+i%2)
		v := queue.TicketView{ID: fmt.Sprintf("busy-%d", i), Number: fmt.Sprintf("A%04d", i), Service: svc,
			ServiceName: "户籍", Channel: "kiosk", Day: Day, IssuedAt: when, State: queue.Waiting}
		w := window(1+i%10, fmt.Sprintf("w%d", 1+i%10))
		b.add(queue.EvIssued, when, queue.EventData{Ticket: ptr(v)})
		called := when.Add(5 * time.Minute)
		v.State, v.CalledAt, v.Window = queue.Called, &called, w.Number
		b.add(queue.EvCalled, called, queue.EventData{Ticket: ptr(v), Window: w, First: true})
		v.State, v.StartedAt = queue.Serving, &called
		b.add(queue.EvStarted, called, queue.EventData{Ticket: ptr(v), Window: w})
		done := called.Add(4 * time.Minute)
		v.State, v.Outcome = queue.Done, queue.OutcomeHandled
		b.add(queue.EvFinished, done, queue.EventData{Ticket: ptr(v), Window: w})
		v.Evaluated = true
		b.add(queue.EvEvaluated, done.Add(time.Minute), queue.EventData{Ticket: ptr(v), FromWindow: w.Number,
			Evaluation: &queue.EvaluationView{Level: 5 - i%5, LevelName: queue.LevelName(5 - i%5), Channel: "keypad",
				Active: i%3 != 0, Staff: w.Staff.ID}})
	}
	return b.events[:n]
}

func ptr[T any](v T) *T { return &v }
