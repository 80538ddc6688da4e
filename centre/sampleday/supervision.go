package sampleday

import (
	"encoding/json"
	"time"

	"halld/queue"
	"halld/queue/complaints"
	"halld/queue/workday"
)

// Supervision returns the sample day's 超时预警, 投诉 and 预约 events,
// numbered from first, in the shapes queue/alerts, queue/complaints and
// queue/booking emit (the JSON names of their payloads), all on Day:
//
//	alerts  001 wait      raised 10:10, acked 10:12, cleared 10:20
//	        002 queue     raised 10:25, cleared 10:40, never acked
//	        003 unstaffed raised 11:00 (window 2), acked 11:02, open
//	        004 wait      raised 12:00, open
//	  → on Day: wait raised 2 acked 1 open 1; queue 1 0 0;
//	    unstaffed 1 1 1; open now 2
//	complaints TS…001 filed 10:15 (window 1, w1), 调查 10:45, 办结 属实 15:00 on time
//	           TS…002 filed 11:10, still 受理, accept due 12-02
//	           TS…003 filed 11:30, 调查 11:40, conclude due 12-08
//	  → on Today (12-03): open 2, overdue 1 (TS…002); on Day: filed 3,
//	    concluded 1, upheld 1, late 0
//	bookings for Day: Q1 checked in, Q2 no-show (swept), Q3 came late
//	         (no-show, late), Q4 cancelled; Q5 is for the next day
//	  → on Day: booked 4, cancelled 1, checked in 1, no-shows 2, late 1
func Supervision(first uint64) []queue.Event {
	var out []queue.Event
	add := func(typ string, t time.Time, payload any) {
		data, err := json.Marshal(payload)
		if err != nil {
			panic(err)
		}
		out = append(out, queue.Event{Seq: first + uint64(len(out)), Type: typ, At: t, Data: data})
	}
	type m = map[string]any
	booked := func(code, date, start string, t time.Time) {
		add("booking.booked", t, m{"code": code, "service": "S1", "date": date, "start": start, "channel": "portal"})
	}
	complaint := func(typ, id, state, finding string, filed, t time.Time, window int, staff string, onTime *bool) {
		add(typ, t, complaints.Event{ID: id, Source: complaints.FromDesk, State: state, Finding: finding,
			Window: window, Staff: staff, Service: "S1", Department: DeptS1, FiledAt: filed,
			AcceptDue:   workday.Date{Year: 2026, Month: 12, Day: 2},
			ConcludeDue: workday.Date{Year: 2026, Month: 12, Day: 8}, OnTime: onTime, By: "sup1"})
	}
	booked("Q1", Day, "14:00", at(10, 5))
	booked("Q2", Day, "14:00", at(10, 6))
	booked("Q3", Day, "14:30", at(10, 7))
	booked("Q4", Day, "15:00", at(10, 8))
	booked("Q5", "2026-12-02", "09:00", at(10, 9))
	add("alert.raised", at(10, 10), m{"id": "20261201-001", "rule": "wait", "service": "S1", "ticket": "A009",
		"detail": "户籍 等候已超过30分钟", "raised_at": at(10, 10)})
	add("alert.acked", at(10, 12), m{"id": "20261201-001", "by": "sup1", "at": at(10, 12)})
	complaint(complaints.EvFiled, "TS20261201001", complaints.Received, "", at(10, 15), at(10, 15), 1, "w1", nil)
	add("alert.cleared", at(10, 20), m{"id": "20261201-001", "at": at(10, 20)})
	add("alert.raised", at(10, 25), m{"id": "20261201-002", "rule": "queue", "service": "S1",
		"detail": "户籍 排队超过20人", "raised_at": at(10, 25)})
	add("booking.cancelled", at(10, 30), m{"code": "Q4", "service": "S1", "date": Day, "start": "15:00"})
	add("alert.cleared", at(10, 40), m{"id": "20261201-002", "at": at(10, 40)})
	complaint(complaints.EvUpdated, "TS20261201001", complaints.Investigating, "", at(10, 15), at(10, 45), 1, "w1", nil)
	add("alert.raised", at(11, 0), m{"id": "20261201-003", "rule": "unstaffed", "window": 2, "department": DeptS2,
		"detail": "2号窗口 办公时间无人", "raised_at": at(11, 0)})
	add("alert.acked", at(11, 2), m{"id": "20261201-003", "by": "sup1", "at": at(11, 2)})
	complaint(complaints.EvFiled, "TS20261201002", complaints.Received, "", at(11, 10), at(11, 10), 0, "", nil)
	complaint(complaints.EvFiled, "TS20261201003", complaints.Received, "", at(11, 30), at(11, 30), 2, "w2", nil)
	complaint(complaints.EvUpdated, "TS20261201003", complaints.Investigating, "", at(11, 30), at(11, 40), 2, "w2", nil)
	add("alert.raised", at(12, 0), m{"id": "20261201-004", "rule": "wait", "service": "S1", "ticket": "A020",
		"detail": "户籍 等候已超过30分钟", "raised_at": at(12, 0)})
	add("booking.checked_in", at(13, 55), m{"code": "Q1", "service": "S1", "date": Day, "start": "14:00", "ticket": "A031"})
	onTime := true
	complaint(complaints.EvUpdated, "TS20261201001", complaints.Concluded, complaints.Substantiated, at(10, 15), at(15, 0), 1, "w1", &onTime)
	add("booking.checked_in", at(15, 10), m{"code": "Q3", "service": "S1", "date": Day, "start": "14:30", "ticket": "A040", "late": true})
	add("booking.no_show", at(17, 0), m{"code": "Q2", "service": "S1", "date": Day, "start": "14:00"})
	return out
}
