package store

import (
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"halld/queue"
)

// project queues the projection updates of one new event.
func project(b *pgx.Batch, hall string, ev queue.Event) error {
	if !projected(ev.Type) {
		return nil
	}
	d, err := ev.Decode()
	if err != nil {
		return err
	}
	switch ev.Type {
	case queue.EvEvaluated:
		if t, e := d.Ticket, d.Evaluation; t != nil && e != nil {
			b.Queue(`INSERT INTO evaluations (hall, seq, subject, day, service, window_no, staff, level, channel, active, at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`,
				hall, int64(ev.Seq), t.ID, dayOr(t.Day, ev.At), t.Service, nonZero(d.FromWindow), nonEmpty(e.Staff),
				e.Level, e.Channel, e.Active, ev.At)
		}
	case queue.EvCaseEvaluated:
		if k, e := d.Case, d.Evaluation; k != nil && e != nil {
			b.Queue(`INSERT INTO evaluations (hall, seq, subject, day, service, window_no, staff, level, channel, active, at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`,
				hall, int64(ev.Seq), queue.CaseNode(k.Number), dayOr("", ev.At), k.Service, nonZero(d.FromWindow),
				nonEmpty(e.Staff), e.Level, e.Channel, e.Active, ev.At)
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
		var window, staff any
		if w := d.Window; w != nil {
			window = nonZero(w.Number)
			if w.Staff != nil {
				staff = w.Staff.ID
			}
		}
		var waitS, finished, serviceS any
		if ev.Type == queue.EvCalled && d.First {
			waitS = int64(ev.At.Sub(t.IssuedAt) / time.Second)
		}
		if ev.Type == queue.EvFinished {
			finished = ev.At
			if t.StartedAt != nil {
				serviceS = int64(ev.At.Sub(*t.StartedAt) / time.Second)
			}
		}
		b.Queue(`INSERT INTO tickets (hall, id, day, number, service, channel, state, issued_at, called_at, wait_s,
				started_at, finished_at, service_s, window_no, staff, outcome)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
			ON CONFLICT (hall, id) DO UPDATE SET service = EXCLUDED.service, state = EXCLUDED.state,
				called_at = coalesce(tickets.called_at, EXCLUDED.called_at),
				wait_s = coalesce(tickets.wait_s, EXCLUDED.wait_s),
				started_at = coalesce(EXCLUDED.started_at, tickets.started_at),
				finished_at = coalesce(EXCLUDED.finished_at, tickets.finished_at),
				service_s = coalesce(EXCLUDED.service_s, tickets.service_s),
				window_no = coalesce(EXCLUDED.window_no, tickets.window_no),
				staff = coalesce(EXCLUDED.staff, tickets.staff),
				outcome = coalesce(EXCLUDED.outcome, tickets.outcome)`,
			hall, t.ID, dayOr(t.Day, t.IssuedAt), t.Number, t.Service, t.Channel, string(t.State), t.IssuedAt,
			t.CalledAt, waitS, t.StartedAt, finished, serviceS, window, staff, nonEmpty(t.Outcome))
	}
	return nil
}

// projected reports whether an event type feeds a projection; the others
// (windows, devices, the daily close) are kept in events only.
func projected(typ string) bool {
	return strings.HasPrefix(typ, "ticket.") || strings.HasPrefix(typ, "case.") || strings.HasPrefix(typ, "followup.")
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
