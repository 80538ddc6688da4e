package assess

import (
	"encoding/json"
	"fmt"
	"time"

	"halld/queue"
	"halld/queue/hall"
	"halld/queue/workday"
)

// Adapter turns one committed event into the facts it stands for (none is
// fine). It must depend on the event and the context only, so that reading
// the log again gives the same facts.
type Adapter func(ev queue.Event, c *Context) ([]Fact, error)

// Context is what adapters may consult besides the event: the hall's
// configuration (a service's department) and its working-day calendar.
type Context struct {
	Hall     *hall.Hall
	Calendar *workday.Calendar
}

// adapters is the registry of event types the 考核 counts.
//
// Two sources are not single events: alerts not acknowledged by the end
// of the month (unackedAlerts, adapt_alerts.go, which sees the whole
// month), and attendance, read through the attendance book's month
// summaries so that leave entered after an absence excuses it
// (adapt_attendance.go, Ledger.WithAttendance).
//
// Ref must be a number (complaint, case, ticket, alert), never personal data.
var adapters = map[string]Adapter{
	queue.EvEvaluated:       ticketEvaluated,
	queue.EvCaseEvaluated:   caseEvaluated,
	queue.EvCaseUpdated:     caseFinished,
	queue.EvFollowUpUpdated: followUpClosed,
	"complaint.updated":     complaintUpheld,
}

// FactsFromEvents returns the facts of events, in their order, taking
// them as one month's: the alerts among them not acknowledged among them
// come last. An event of a registered type that does not decode is an
// error naming it: the log holds only what the engine wrote, so it means
// damage, and a month scored without it would be wrong.
func FactsFromEvents(events []queue.Event, c *Context) ([]Fact, error) {
	var out []Fact
	var alerts unackedAlerts
	for _, ev := range events {
		fs, err := factsOf(ev, c, &alerts)
		if err != nil {
			return out, err
		}
		out = append(out, fs...)
	}
	return append(out, alerts.facts()...), nil
}

// factsOf is one event's facts by the registry; alerts takes the alert
// events.
func factsOf(ev queue.Event, c *Context, alerts *unackedAlerts) ([]Fact, error) {
	if err := alerts.see(ev, c); err != nil {
		return nil, err
	}
	a := adapters[ev.Type]
	if a == nil {
		return nil, nil
	}
	fs, err := a(ev, c)
	if err != nil {
		return nil, fmt.Errorf("assess: event %d (%s): %w", ev.Seq, ev.Type, err)
	}
	return fs, nil
}

// evaluated is what the adapters read of an evaluation event.
type evaluated struct {
	Ticket *struct {
		Number  string `json:"number"`
		Service string `json:"service"`
		Day     string `json:"day"`
		Window  int    `json:"window"`
	} `json:"ticket"`
	Case       *queue.CaseView `json:"case"`
	Evaluation *struct {
		Level  int    `json:"level"`
		Active bool   `json:"active"`
		Staff  string `json:"staff"`
	} `json:"evaluation"`
	FromWindow int `json:"from_window"`
}

// ratingFacts: every applicant's own rating is a Rating, a 非常满意 also a
// RatingVerySatisfied, a 差评 (不满意, 非常不满意) a BadRating. A default
// the policy applied is not the applicant's opinion and counts nowhere.
func ratingFacts(ev queue.Event, d evaluated, dept, ref string, window int) []Fact {
	if d.Evaluation == nil || !d.Evaluation.Active {
		return nil
	}
	base := Fact{Seq: ev.Seq, At: ev.At, Department: dept, Staff: d.Evaluation.Staff, Window: window, Ref: ref}
	out := []Fact{withKind(base, Rating)}
	switch l := d.Evaluation.Level; {
	case l == 5:
		out = append(out, withKind(base, RatingVerySatisfied))
	case l <= 2:
		out = append(out, withKind(base, BadRating))
	}
	return out
}

func withKind(f Fact, kind string) Fact { f.Kind = kind; return f }

func ticketEvaluated(ev queue.Event, c *Context) ([]Fact, error) {
	var d evaluated
	if err := json.Unmarshal(ev.Data, &d); err != nil {
		return nil, err
	}
	if d.Ticket == nil {
		return nil, fmt.Errorf("no ticket")
	}
	window := d.FromWindow
	if window == 0 {
		window = d.Ticket.Window
	}
	return ratingFacts(ev, d, department(c, d.Ticket.Service), d.Ticket.Day+" "+d.Ticket.Number, window), nil
}

func caseEvaluated(ev queue.Event, c *Context) ([]Fact, error) {
	var d evaluated
	if err := json.Unmarshal(ev.Data, &d); err != nil {
		return nil, err
	}
	if d.Case == nil {
		return nil, fmt.Errorf("no case")
	}
	dept := d.Case.Department
	if dept == "" {
		dept = department(c, d.Case.Service)
	}
	return ratingFacts(ev, d, dept, d.Case.Number, d.Case.Window), nil
}

// caseFinished: a case finished (已办结) after its due day is an
// OverdueCaseDay fact of as many working days as it was late (at least
// one). The finishing change is the one whose time is the case's
// finished_at: later changes (待领取, 已领取) carry the same finished_at.
// Who is responsible is the window's staff at acceptance (the case's
// staff is not in the public view): the fact counts for the department.
func caseFinished(ev queue.Event, c *Context) ([]Fact, error) {
	var d struct {
		Case *queue.CaseView `json:"case"`
	}
	if err := json.Unmarshal(ev.Data, &d); err != nil {
		return nil, err
	}
	k := d.Case
	if k == nil {
		return nil, fmt.Errorf("no case")
	}
	if k.State != queue.CaseDone || k.FinishedAt == nil || !k.FinishedAt.Equal(ev.At) || k.Due.IsZero() {
		return nil, nil
	}
	loc := time.UTC
	if c.Hall != nil {
		loc = c.Hall.Location
	}
	done := workday.DateOf(*k.FinishedAt, loc)
	if !done.After(k.Due) {
		return nil, nil
	}
	days := 1
	if c.Calendar != nil {
		n, _ := c.Calendar.Between(k.Due, done)
		days = max(n, 1)
	}
	dept := k.Department
	if dept == "" {
		dept = department(c, k.Service)
	}
	return []Fact{{Seq: ev.Seq, At: ev.At, Kind: OverdueCaseDay, Department: dept, Window: k.Window,
		Ref: k.Number, Qty: float64(days)}}, nil
}

// followUpClosed: a 差评 follow-up closed (已整改反馈) after its due day,
// or verified after its verification day, is one OverdueFollowUp fact
// against the rated window's department and staff.
func followUpClosed(ev queue.Event, c *Context) ([]Fact, error) {
	var d struct {
		FollowUp *queue.FollowUp `json:"followup"`
	}
	if err := json.Unmarshal(ev.Data, &d); err != nil {
		return nil, err
	}
	f := d.FollowUp
	if f == nil {
		return nil, fmt.Errorf("no follow-up")
	}
	if f.State != queue.FollowClosed || f.Closed == nil || !f.Closed.Equal(ev.At) {
		return nil, nil
	}
	loc := time.UTC
	if c.Hall != nil {
		loc = c.Hall.Location
	}
	late := workday.DateOf(*f.Closed, loc).After(f.CloseDue)
	if f.Verified != nil && workday.DateOf(*f.Verified, loc).After(f.VerifyDue) {
		late = true
	}
	if !late {
		return nil, nil
	}
	return []Fact{{Seq: ev.Seq, At: ev.At, Kind: OverdueFollowUp, Department: department(c, f.Service),
		Staff: f.Staff, Window: f.Window, Ref: f.OpenedAt.In(loc).Format(time.DateOnly) + " " + f.Number}}, nil
}

func department(c *Context, service string) string {
	if c.Hall == nil {
		return ""
	}
	if s := c.Hall.ServiceByID(service); s != nil {
		return s.Department
	}
	return ""
}
