package assess

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"halld/queue"
	"halld/queue/attendance"
	"halld/queue/hall"
)

// rawEvent is an event of another domain with payload d.
func rawEvent(seq uint64, typ string, at time.Time, d any) queue.Event {
	raw, _ := json.Marshal(d)
	return queue.Event{Seq: seq, Type: typ, At: at, Data: raw}
}

func kindsOf(fs []Fact) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Kind)
	}
	return out
}

func TestComplaintFacts(t *testing.T) {
	h := hall.Demo()
	ctx := &Context{Hall: h}
	at := time.Date(2026, 11, 10, 15, 0, 0, 0, h.Location)
	type m = map[string]any
	for _, c := range []struct {
		name  string
		data  m
		kinds []string
		dept  string
	}{
		{"属实 at 办结, against a window of a service", m{"id": "TS1", "state": "concluded", "finding": "substantiated", "window": 5, "staff": "w4", "service": "social"},
			[]string{ComplaintUpheld}, "人力资源和社会保障局"},
		{"the event's department wins", m{"id": "TS2", "state": "concluded", "finding": "substantiated", "department": "税务局", "service": "social"},
			[]string{ComplaintUpheld}, "税务局"},
		{"不属实", m{"id": "TS3", "state": "concluded", "finding": "unsubstantiated", "staff": "w4"}, nil, ""},
		{"under investigation", m{"id": "TS4", "state": "investigating", "staff": "w4"}, nil, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			fs, err := FactsFromEvents([]queue.Event{rawEvent(7, "complaint.updated", at, c.data)}, ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(kindsOf(fs), c.kinds) {
				t.Fatalf("kinds %v, want %v", kindsOf(fs), c.kinds)
			}
			for _, f := range fs {
				if f.Department != c.dept || f.Seq != 7 || f.Ref != c.data["id"] || f.Staff != c.data["staff"] && c.data["staff"] != nil {
					t.Errorf("fact %+v", f)
				}
			}
		})
	}
	if _, err := FactsFromEvents([]queue.Event{rawEvent(8, "complaint.updated", at, m{"state": "concluded"})}, ctx); err == nil {
		t.Error("a complaint event without an id was taken")
	}
}

func TestUnackedAlertFacts(t *testing.T) {
	h := hall.Demo()
	ctx := &Context{Hall: h}
	at := time.Date(2026, 11, 10, 9, 0, 0, 0, h.Location)
	raised := func(seq uint64, id string) queue.Event {
		return rawEvent(seq, "alert.raised", at, map[string]any{"id": id, "rule": "wait", "service": "social", "window": 5, "staff": "w4"})
	}
	acked := func(seq uint64, id string) queue.Event {
		return rawEvent(seq, "alert.acked", at.Add(time.Minute), map[string]any{"id": id, "by": "s1"})
	}
	cleared := func(seq uint64, id string) queue.Event {
		return rawEvent(seq, "alert.cleared", at.Add(time.Minute), map[string]any{"id": id})
	}
	for _, c := range []struct {
		name   string
		events []queue.Event
		want   []uint64 // the alert.raised events counted
	}{
		{"acknowledged while open", []queue.Event{raised(1, "A"), acked(2, "A"), cleared(3, "A")}, nil},
		{"acknowledged after it cleared", []queue.Event{raised(1, "A"), cleared(2, "A"), acked(3, "A")}, nil},
		{"cleared, never acknowledged", []queue.Event{raised(1, "A"), cleared(2, "A")}, []uint64{1}},
		{"still open, never acknowledged", []queue.Event{raised(1, "A")}, []uint64{1}},
		{"one of two", []queue.Event{raised(1, "A"), raised(2, "B"), acked(3, "B")}, []uint64{1}},
		{"an ack of another month's alert", []queue.Event{acked(1, "Z")}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			fs, err := FactsFromEvents(c.events, ctx)
			if err != nil {
				t.Fatal(err)
			}
			var got []uint64
			for _, f := range fs {
				if f.Kind != UnackedAlert || f.Department != "人力资源和社会保障局" || f.Staff != "w4" || f.Window != 5 || !f.At.Equal(at) {
					t.Errorf("fact %+v", f)
				}
				got = append(got, f.Seq)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("counted %v, want %v", got, c.want)
			}
		})
	}
	// An acknowledgement in the next month is too late for the month that
	// raised the alert.
	dec := time.Date(2026, 12, 1, 8, 0, 0, 0, h.Location)
	log := memLog{raised(1, "A"), rawEvent(2, "alert.acked", dec, map[string]any{"id": "A", "by": "s1"})}
	r, err := NewLedger(log, h, nil).Month("2026-11")
	if err != nil {
		t.Fatal(err)
	}
	if got := traced(r.Departments, "人力资源和社会保障局", UnackedAlert); !slices.Equal(got, []uint64{1}) {
		t.Errorf("the unit's unacked alerts trace to %v, want [1]", got)
	}
}

// traced lists the events behind the items of kind of unit id.
func traced(units []UnitScore, id, kind string) []uint64 {
	var out []uint64
	for _, s := range units {
		if s.ID != id {
			continue
		}
		for _, it := range s.Items {
			if it.Kind == kind {
				for _, src := range it.Sources {
					out = append(out, src.Seq)
				}
			}
		}
	}
	return out
}

// book is a fake attendance book: fixed summaries per month.
type book map[string][]attendance.MonthSummary

func (b book) Summaries(month string) ([]attendance.MonthSummary, error) { return b[month], nil }

func TestAttendanceFacts(t *testing.T) {
	h := hall.Demo()
	t9 := time.Date(2026, 11, 3, 9, 7, 0, 0, h.Location)
	t17 := time.Date(2026, 11, 3, 16, 50, 0, 0, h.Location)
	item := func(day, slot, status string, seq uint64, at *time.Time, kind, leave string) attendance.Item {
		return attendance.Item{Day: day, Slot: slot, Mark: attendance.Mark{Status: status, Seq: seq, At: at, Kind: kind, Leave: leave}}
	}
	sums := []attendance.MonthSummary{
		{Staff: "w1", Month: "2026-11", Items: []attendance.Item{
			item("2026-11-03", "am_in", attendance.Late, 11, &t9, "", ""),
			item("2026-11-03", "pm_out", attendance.Early, 12, &t17, "", ""),
			// the afternoon's two slots absent: one half-day, traced to the first
			item("2026-11-04", "am_in", attendance.Absent, 21, nil, "", ""),
			item("2026-11-04", "pm_in", attendance.Absent, 22, nil, "", ""),
			item("2026-11-04", "pm_out", attendance.Absent, 23, nil, "", ""),
			// provisional (not swept): nothing to trace, not counted
			item("2026-11-05", "am_in", attendance.Absent, 0, nil, "", ""),
			// a whole day of 事假, half a day of 病假, a day of 公休
			item("2026-11-06", "am_in", attendance.OnLeave, 31, nil, "事假", "L1"),
			item("2026-11-06", "pm_in", attendance.OnLeave, 31, nil, "事假", "L1"),
			item("2026-11-06", "pm_out", attendance.OnLeave, 31, nil, "事假", "L1"),
			item("2026-11-09", "pm_in", attendance.OnLeave, 32, nil, "病假", "L2"),
			item("2026-11-09", "pm_out", attendance.OnLeave, 32, nil, "病假", "L2"),
			item("2026-11-10", "am_in", attendance.OnLeave, 33, nil, "公休", "L3"),
			item("2026-11-10", "pm_in", attendance.OnLeave, 33, nil, "公休", "L3"),
			item("2026-11-10", "pm_out", attendance.OnLeave, 33, nil, "公休", "L3"),
		}},
	}
	type want struct {
		kind string
		seq  uint64
		qty  float64
	}
	var got []want
	for _, f := range attendanceFacts(sums, h) {
		if f.Staff != "w1" || f.Department != "" || f.Ref == "" || f.At.IsZero() {
			t.Errorf("fact %+v", f)
		}
		got = append(got, want{f.Kind, f.Seq, f.qty()})
	}
	exp := []want{{Late, 11, 1}, {EarlyLeave, 12, 1}, {AbsentHalfDay, 21, 1}, {AbsentHalfDay, 22, 1},
		{PersonalLeaveDay, 31, 1}, {SickLeaveDay, 32, 0.5}}
	if !slices.Equal(got, exp) {
		t.Errorf("facts\n%v\nwant\n%v", got, exp)
	}

	// Through the Ledger: the book is read, each point traced; a
	// supervisor's attendance is not scored.
	sums = append(sums, attendance.MonthSummary{Staff: "admin", Items: []attendance.Item{item("2026-11-03", "am_in", attendance.Late, 13, &t9, "", "")}})
	l := NewLedger(memLog(nil), h, nil).WithAttendance(book{"2026-11": sums})
	r, err := l.Month("2026-11")
	if err != nil {
		t.Fatal(err)
	}
	if s := traced(r.Staff, "w1", Late); !slices.Equal(s, []uint64{11}) {
		t.Errorf("w1's lateness traces to %v", s)
	}
	if s := traced(r.Staff, "w1", AbsentHalfDay); !slices.Equal(s, []uint64{21, 22}) {
		t.Errorf("w1's absence traces to %v", s)
	}
	for _, s := range r.Staff {
		if s.ID == "admin" {
			t.Errorf("the admin was scored: %+v", s)
		}
	}
}
