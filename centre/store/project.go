package store

import (
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"halld/queue"
)

// projection gathers a batch's projection updates: tickets and
// evaluations, the bulk of a day, go in one statement each (a ticket's
// events in one batch folded into one row first); follow-ups, cases and
// services, which are rare, one statement each in b.
type projection struct {
	b       pgx.Batch
	tickets map[string]*ticketRow
	order   []string
	evals   []evalRow
}

type ticketRow struct {
	id, number, service, channel, state string
	day                                 time.Time
	issuedAt                            time.Time
	calledAt, startedAt, finishedAt     *time.Time
	waitS, serviceS                     *int64
	window                              *int64
	staff, outcome                      *string
}

type evalRow struct {
	seq                       int64
	subject, service, channel string
	day, at                   time.Time
	window                    *int64
	staff                     *string
	level                     int
	active                    bool
}

// ticket folds one ticket event into its row: later values win, except
// the first call's time and wait, which the first one sets.
func (p *projection) ticket(r ticketRow) {
	if p.tickets == nil {
		p.tickets = map[string]*ticketRow{}
	}
	old := p.tickets[r.id]
	if old == nil {
		p.tickets[r.id] = &r
		p.order = append(p.order, r.id)
		return
	}
	old.service, old.state = r.service, r.state
	old.calledAt = firstOf(old.calledAt, r.calledAt)
	old.waitS = firstOf(old.waitS, r.waitS)
	old.startedAt = firstOf(r.startedAt, old.startedAt)
	old.finishedAt = firstOf(r.finishedAt, old.finishedAt)
	old.serviceS = firstOf(r.serviceS, old.serviceS)
	old.window = firstOf(r.window, old.window)
	old.staff = firstOf(r.staff, old.staff)
	old.outcome = firstOf(r.outcome, old.outcome)
}

func firstOf[T any](a, b *T) *T {
	if a != nil {
		return a
	}
	return b
}

// flush queues the tickets' and evaluations' statements into p.b.
func (p *projection) flush(hall string) {
	if n := len(p.order); n > 0 {
		ids, numbers, services, channels, states := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		days, issued := make([]time.Time, n), make([]time.Time, n)
		called, started, finished := make([]*time.Time, n), make([]*time.Time, n), make([]*time.Time, n)
		waits, servs, windows := make([]*int64, n), make([]*int64, n), make([]*int64, n)
		staff, outcomes := make([]*string, n), make([]*string, n)
		for i, id := range p.order {
			r := p.tickets[id]
			ids[i], numbers[i], services[i], channels[i], states[i] = r.id, r.number, r.service, r.channel, r.state
			days[i], issued[i] = r.day, r.issuedAt
			called[i], started[i], finished[i] = r.calledAt, r.startedAt, r.finishedAt
			waits[i], servs[i], windows[i], staff[i], outcomes[i] = r.waitS, r.serviceS, r.window, r.staff, r.outcome
		}
		p.b.Queue(`INSERT INTO tickets (hall, id, day, number, service, channel, state, issued_at, called_at, wait_s,
				started_at, finished_at, service_s, window_no, staff, outcome)
			SELECT $1, * FROM unnest($2::text[], $3::date[], $4::text[], $5::text[], $6::text[], $7::text[],
				$8::timestamptz[], $9::timestamptz[], $10::int[], $11::timestamptz[], $12::timestamptz[], $13::int[],
				$14::int[], $15::text[], $16::text[])
			ON CONFLICT (hall, id) DO UPDATE SET service = EXCLUDED.service, state = EXCLUDED.state,
				called_at = coalesce(tickets.called_at, EXCLUDED.called_at),
				wait_s = coalesce(tickets.wait_s, EXCLUDED.wait_s),
				started_at = coalesce(EXCLUDED.started_at, tickets.started_at),
				finished_at = coalesce(EXCLUDED.finished_at, tickets.finished_at),
				service_s = coalesce(EXCLUDED.service_s, tickets.service_s),
				window_no = coalesce(EXCLUDED.window_no, tickets.window_no),
				staff = coalesce(EXCLUDED.staff, tickets.staff),
				outcome = coalesce(EXCLUDED.outcome, tickets.outcome)`,
			hall, ids, days, numbers, services, channels, states, issued, called, waits, started, finished, servs,
			windows, staff, outcomes)
	}
	if n := len(p.evals); n > 0 {
		seqs, subjects, svcs, chans := make([]int64, n), make([]string, n), make([]string, n), make([]string, n)
		days, ats := make([]time.Time, n), make([]time.Time, n)
		windows, staff := make([]*int64, n), make([]*string, n)
		levels, active := make([]int32, n), make([]bool, n)
		for i, e := range p.evals {
			seqs[i], subjects[i], svcs[i], chans[i] = e.seq, e.subject, e.service, e.channel
			days[i], ats[i], windows[i], staff[i], levels[i], active[i] = e.day, e.at, e.window, e.staff, int32(e.level), e.active
		}
		p.b.Queue(`INSERT INTO evaluations (hall, seq, subject, day, service, window_no, staff, level, channel, active, at)
			SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::date[], $5::text[], $6::int[], $7::text[],
				$8::smallint[], $9::text[], $10::boolean[], $11::timestamptz[])
			ON CONFLICT DO NOTHING`, hall, seqs, subjects, days, svcs, windows, staff, levels, chans, active, ats)
	}
}

// project adds the projection updates of one new event.
func (p *projection) project(hall string, ev queue.Event) error {
	if !projected(ev.Type) {
		return nil
	}
	if supervised(ev.Type) {
		return p.supervision(hall, ev)
	}
	b := &p.b
	d, err := ev.Decode()
	if err != nil {
		return err
	}
	switch ev.Type {
	case queue.EvEvaluated:
		if t, e := d.Ticket, d.Evaluation; t != nil && e != nil {
			p.evals = append(p.evals, evalRow{seq: int64(ev.Seq), subject: t.ID, day: dayOr(t.Day, ev.At),
				service: t.Service, window: ptrInt(d.FromWindow), staff: ptrStr(e.Staff), level: e.Level,
				channel: e.Channel, active: e.Active, at: ev.At})
		}
	case queue.EvCaseEvaluated:
		if k, e := d.Case, d.Evaluation; k != nil && e != nil {
			p.evals = append(p.evals, evalRow{seq: int64(ev.Seq), subject: queue.CaseNode(k.Number), day: dayOr("", ev.At),
				service: k.Service, window: ptrInt(d.FromWindow), staff: ptrStr(e.Staff), level: e.Level,
				channel: e.Channel, active: e.Active, at: ev.At})
		}
	case queue.EvFollowUpOpened, queue.EvFollowUpUpdated:
		if f := d.FollowUp; f != nil {
			b.Queue(`INSERT INTO followups (hall, ticket, number, service, window_no, staff, level, state, opened_at,
					verify_due, close_due, verified_at, closed_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
				ON CONFLICT (hall, ticket) DO UPDATE SET state = EXCLUDED.state, verify_due = EXCLUDED.verify_due,
					close_due = EXCLUDED.close_due, verified_at = EXCLUDED.verified_at, closed_at = EXCLUDED.closed_at`,
				hall, f.Ticket, f.Number, f.Service, nonZero(f.Window), nonEmpty(f.Staff), f.Level, f.State, f.OpenedAt,
				dateOrNil(f.VerifyDue.String(), f.VerifyDue.Year), dateOrNil(f.CloseDue.String(), f.CloseDue.Year),
				f.Verified, f.Closed)
		}
	case queue.EvCaseCreated, queue.EvCaseUpdated, queue.EvCaseCard:
		if k := d.Case; k != nil {
			b.Queue(`INSERT INTO cases (hall, number, service, service_name, department, window_no, type, state,
					accepted_at, promised_days, due, finished_at, on_time, card)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
				ON CONFLICT (hall, number) DO UPDATE SET state = EXCLUDED.state, due = EXCLUDED.due,
					finished_at = EXCLUDED.finished_at, on_time = EXCLUDED.on_time, card = EXCLUDED.card,
					window_no = coalesce(EXCLUDED.window_no, cases.window_no)`,
				hall, k.Number, k.Service, k.ServiceName, k.Department, nonZero(k.Window), string(k.Type), string(k.State),
				k.AcceptedAt, k.PromisedDays, dateOrNil(k.Due.String(), k.Due.Year), k.FinishedAt, k.OnTime, k.Card)
			if k.Department != "" {
				b.Queue(`INSERT INTO services (hall, id, name, department) VALUES ($1, $2, $3, $4)
					ON CONFLICT (hall, id) DO UPDATE SET name = EXCLUDED.name, department = EXCLUDED.department`,
					hall, k.Service, k.ServiceName, k.Department)
			}
		}
	default: // ticket.*
		t := d.Ticket
		if t == nil {
			return nil
		}
		r := ticketRow{id: t.ID, number: t.Number, service: t.Service, channel: t.Channel, state: string(t.State),
			day: dayOr(t.Day, t.IssuedAt), issuedAt: t.IssuedAt, calledAt: t.CalledAt, startedAt: t.StartedAt,
			outcome: ptrStr(t.Outcome)}
		if w := d.Window; w != nil {
			r.window = ptrInt(w.Number)
			if w.Staff != nil {
				r.staff = ptrStr(w.Staff.ID)
			}
		}
		if ev.Type == queue.EvCalled && d.First {
			r.waitS = ptr(int64(ev.At.Sub(t.IssuedAt) / time.Second))
		}
		if ev.Type == queue.EvFinished {
			r.finishedAt = ptr(ev.At)
			if t.StartedAt != nil {
				r.serviceS = ptr(int64(ev.At.Sub(*t.StartedAt) / time.Second))
			}
		}
		p.ticket(r)
	}
	return nil
}

// projected reports whether an event type feeds a projection; the others
// (windows, devices, the daily close, attendance) are kept in events only.
func projected(typ string) bool {
	return strings.HasPrefix(typ, "ticket.") || strings.HasPrefix(typ, "case.") || strings.HasPrefix(typ, "followup.") ||
		supervised(typ)
}

// dayOr is the hall's day: as the event gives it, else at's date in CST.
func dayOr(day string, at time.Time) time.Time {
	if d, err := time.Parse(time.DateOnly, day); err == nil {
		return d
	}
	y, m, dd := at.In(CST).Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
}

// dateOrNil is a date column's value: NULL for a zero workday.Date.
func dateOrNil(s string, year int) any {
	d, err := time.Parse(time.DateOnly, s)
	if year == 0 || err != nil {
		return nil
	}
	return d
}

func nonZero(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

func nonEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func ptr[T any](v T) *T { return &v }

// ptrInt is nil for 0 (no window), ptrStr nil for "".
func ptrInt(n int) *int64 {
	if n == 0 {
		return nil
	}
	return ptr(int64(n))
}

func ptrStr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
