package store

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"halld/queue"
	"halld/queue/alerts"
	"halld/queue/complaints"
)

// The supervision domains' events (issue 13) the centre projects. Their
// payloads are read here as the wire gives them (fields by JSON name), not
// through the hall's packages' unexported types: the events are the
// contract, and a hall of another version may send more fields.
const (
	evBookingBooked    = "booking.booked"
	evBookingCancelled = "booking.cancelled"
	evBookingCheckedIn = "booking.checked_in"
	evBookingNoShow    = "booking.no_show"
	evBookingClosed    = "booking.closed"
)

// supervised reports whether an event type feeds the supervision tables.
// Attendance (attendance.*) does not: see docs/centre.md.
func supervised(typ string) bool {
	return strings.HasPrefix(typ, "alert.") || strings.HasPrefix(typ, "complaint.") || strings.HasPrefix(typ, "booking.")
}

// alertEvent is the union of alert.raised, alert.cleared and alert.acked.
type alertEvent struct {
	ID         string    `json:"id"`
	Rule       string    `json:"rule"`
	Service    string    `json:"service"`
	Window     int       `json:"window"`
	Department string    `json:"department"`
	RaisedAt   time.Time `json:"raised_at"`
	At         time.Time `json:"at"`
}

// complaintEvent is complaint.filed and complaint.updated with the due
// days as text (a zero date is NULL).
type complaintEvent struct {
	complaints.Event
	AcceptDue   string `json:"accept_due"`
	ConcludeDue string `json:"conclude_due"`
}

// bookingEvent is every booking.* payload.
type bookingEvent struct {
	Code    string `json:"code"`
	Service string `json:"service"`
	Date    string `json:"date"`
	Start   string `json:"start"`
	Channel string `json:"channel"`
	Late    bool   `json:"late"`
}

// supervision queues the projection of one alert, complaint or booking
// event. An event without its key (an alert's or complaint's id, a
// booking's code) is skipped, as a ticket event without a ticket is; one
// whose payload does not decode refuses the batch.
func (p *projection) supervision(hall string, ev queue.Event) error {
	b := &p.b
	switch {
	case strings.HasPrefix(ev.Type, "alert."):
		var a alertEvent
		if err := json.Unmarshal(ev.Data, &a); err != nil {
			return err
		}
		if a.ID == "" {
			return nil
		}
		when := a.At
		if when.IsZero() {
			when = ev.At
		}
		switch ev.Type {
		case alerts.EvRaised:
			if a.RaisedAt.IsZero() {
				a.RaisedAt = ev.At
			}
			b.Queue(`INSERT INTO alerts (hall, id, rule, day, raised_at, service, window_no, department)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (hall, id) DO NOTHING`,
				hall, a.ID, a.Rule, dayOr("", a.RaisedAt), a.RaisedAt, nonEmpty(a.Service), nonZero(a.Window),
				nonEmpty(a.Department))
		case alerts.EvCleared:
			b.Queue(`UPDATE alerts SET cleared_at = coalesce(cleared_at, $3) WHERE hall = $1 AND id = $2`, hall, a.ID, when)
		case alerts.EvAcked:
			b.Queue(`UPDATE alerts SET acked_at = coalesce(acked_at, $3) WHERE hall = $1 AND id = $2`, hall, a.ID, when)
		}
	case ev.Type == complaints.EvFiled || ev.Type == complaints.EvUpdated:
		var c complaintEvent
		if err := json.Unmarshal(ev.Data, &c); err != nil {
			return err
		}
		if c.ID == "" || c.State == "" {
			return nil
		}
		if c.FiledAt.IsZero() {
			c.FiledAt = ev.At
		}
		var concluded any
		if c.State == complaints.Concluded {
			concluded = ev.At
		}
		b.Queue(`INSERT INTO complaints (hall, id, source, state, finding, window_no, staff, service, department,
				filed_at, accept_due, conclude_due, concluded_at, on_time)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
			ON CONFLICT (hall, id) DO UPDATE SET state = EXCLUDED.state, finding = EXCLUDED.finding,
				window_no = EXCLUDED.window_no, staff = EXCLUDED.staff, service = EXCLUDED.service,
				department = EXCLUDED.department, accept_due = EXCLUDED.accept_due,
				conclude_due = EXCLUDED.conclude_due, on_time = EXCLUDED.on_time,
				concluded_at = coalesce(complaints.concluded_at, EXCLUDED.concluded_at)`,
			hall, c.ID, c.Source, c.State, nonEmpty(c.Finding), nonZero(c.Window), nonEmpty(c.Staff),
			nonEmpty(c.Service), nonEmpty(c.Department), c.FiledAt, dateOrNil(c.AcceptDue, 1),
			dateOrNil(c.ConcludeDue, 1), concluded, c.OnTime)
	case strings.HasPrefix(ev.Type, "booking."):
		var k bookingEvent
		if err := json.Unmarshal(ev.Data, &k); err != nil {
			return err
		}
		if k.Code == "" {
			return nil
		}
		state := ""
		switch ev.Type {
		case evBookingBooked:
			state = "booked"
		case evBookingCancelled:
			state = "cancelled"
		case evBookingCheckedIn:
			state = "checked_in"
			if k.Late { // came after the window: a walk-in, the booking a no-show
				state = "no_show"
			}
		case evBookingNoShow:
			state = "no_show"
		case evBookingClosed:
			state = "closed"
		default:
			return nil
		}
		b.Queue(`INSERT INTO bookings (hall, code, service, day, start, channel, state, late, booked_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT (hall, code) DO UPDATE SET
				state = CASE WHEN EXCLUDED.late AND bookings.state <> 'booked' THEN bookings.state ELSE EXCLUDED.state END,
				late = bookings.late OR EXCLUDED.late`,
			hall, k.Code, k.Service, dayOr(k.Date, ev.At), k.Start, k.Channel, state, k.Late, ev.At)
	}
	return nil
}

// backfillSupervision projects the alert, complaint and booking events
// stored before migration 003 (when they were kept in events only), in
// order, a page at a time. An event whose payload does not decode is
// skipped here rather than refusing the migration: it was accepted when
// these events were not read.
func backfillSupervision(ctx context.Context, tx pgx.Tx) error {
	const page = 2000
	hall, seq := "", int64(0)
	for {
		rows, err := tx.Query(ctx, `SELECT hall, seq, type, at, data::text FROM events
			WHERE (hall, seq) > ($1, $2) AND (type LIKE 'alert.%' OR type LIKE 'complaint.%' OR type LIKE 'booking.%')
			ORDER BY hall, seq LIMIT $3`, hall, seq, page)
		if err != nil {
			return err
		}
		type stored struct {
			hall string
			ev   queue.Event
		}
		var got []stored
		var h, typ, data string
		var sq int64
		var at time.Time
		if _, err := pgx.ForEachRow(rows, []any{&h, &sq, &typ, &at, &data}, func() error {
			got = append(got, stored{h, queue.Event{Seq: uint64(sq), Type: typ, At: at, Data: json.RawMessage(data)}})
			return nil
		}); err != nil {
			return err
		}
		if len(got) == 0 {
			return nil
		}
		var p projection
		for _, g := range got {
			if supervised(g.ev.Type) {
				_ = p.supervision(g.hall, g.ev) // undecodable: skipped (see above)
			}
		}
		if p.b.Len() > 0 {
			if err := tx.SendBatch(ctx, &p.b).Close(); err != nil {
				return err
			}
		}
		last := got[len(got)-1]
		hall, seq = last.hall, int64(last.ev.Seq)
	}
}
