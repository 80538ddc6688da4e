package store

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// AlertCount is one hall's alerts of one rule on one day: raised that
// day, of them acknowledged (at any time since), and of them still open.
type AlertCount struct {
	Day    string `json:"day"`
	Rule   string `json:"rule"`
	Raised int    `json:"raised"`
	Acked  int    `json:"acked"`
	Open   int    `json:"open"`
}

// ComplaintCount is one hall's complaints: Open (not concluded) and
// Overdue (of those, past the due day of their state: 受理 by accept_due,
// 办结 by conclude_due) now; Filed, Concluded and Upheld (属实) in the
// period, by the day filed and the day concluded.
type ComplaintCount struct {
	Open      int `json:"open"`
	Overdue   int `json:"overdue"`
	Filed     int `json:"filed"`
	Concluded int `json:"concluded"`
	Upheld    int `json:"upheld"`
	Late      int `json:"late"` // concluded in the period after conclude_due
}

// BookingCount is one hall's appointments for the slots of the period's
// days: every booking made for them and what became of it.
type BookingCount struct {
	Booked    int `json:"booked"`
	Cancelled int `json:"cancelled"`
	CheckedIn int `json:"checked_in"`
	NoShows   int `json:"no_shows"`
	Late      int `json:"late"` // no-shows who came late and took a walk-in ticket
	Closed    int `json:"closed"`
}

// Supervision is one hall's supervision figures.
type Supervision struct {
	Hall     string `json:"hall"`
	HallName string `json:"hall_name"`
	// OpenAlerts are the alerts not cleared now (any day); AlertDays the
	// period's alerts by day and rule.
	OpenAlerts int            `json:"open_alerts"`
	AlertDays  []AlertCount   `json:"alert_days"`
	Complaints ComplaintCount `json:"complaints"`
	Bookings   BookingCount   `json:"bookings"`
}

// SupervisionFigures returns every registered hall's supervision figures
// for the days [from, to], with today deciding what is overdue; halls by
// id, each hall's alert days by day and rule.
func (s *Store) SupervisionFigures(ctx context.Context, from, to, today time.Time) ([]Supervision, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, name FROM halls WHERE revoked IS NULL ORDER BY id`)
	if err != nil {
		return nil, err
	}
	var out []Supervision
	idx := map[string]int{}
	var id, name string
	if _, err := pgx.ForEachRow(rows, []any{&id, &name}, func() error {
		idx[id] = len(out)
		out = append(out, Supervision{Hall: id, HallName: name, AlertDays: []AlertCount{}})
		return nil
	}); err != nil {
		return nil, err
	}
	get := func(hall string) *Supervision {
		if i, ok := idx[hall]; ok {
			return &out[i]
		}
		return nil
	}

	rows, err = s.pool.Query(ctx, `SELECT hall, count(*) FROM alerts WHERE cleared_at IS NULL GROUP BY hall`)
	if err != nil {
		return nil, err
	}
	var n int
	if _, err := pgx.ForEachRow(rows, []any{&id, &n}, func() error {
		if h := get(id); h != nil {
			h.OpenAlerts = n
		}
		return nil
	}); err != nil {
		return nil, err
	}

	rows, err = s.pool.Query(ctx, `SELECT hall, to_char(day, 'YYYY-MM-DD'), rule, count(*),
			count(acked_at), count(*) FILTER (WHERE cleared_at IS NULL)
		FROM alerts WHERE day BETWEEN $1 AND $2 GROUP BY 1, 2, 3`, from, to)
	if err != nil {
		return nil, err
	}
	var a AlertCount
	if _, err := pgx.ForEachRow(rows, []any{&id, &a.Day, &a.Rule, &a.Raised, &a.Acked, &a.Open}, func() error {
		if h := get(id); h != nil {
			h.AlertDays = append(h.AlertDays, a)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	for i := range out {
		slices.SortFunc(out[i].AlertDays, func(x, y AlertCount) int {
			if c := strings.Compare(x.Day, y.Day); c != 0 {
				return c
			}
			return strings.Compare(x.Rule, y.Rule)
		})
	}

	// Days are the halls' (CST, UTC+8 all year): a time's date there.
	rows, err = s.pool.Query(ctx, `SELECT hall,
			count(*) FILTER (WHERE state <> 'concluded'),
			count(*) FILTER (WHERE (state = 'received' AND accept_due < $3::date)
				OR (state <> 'concluded' AND conclude_due < $3::date)),
			count(*) FILTER (WHERE (filed_at AT TIME ZONE INTERVAL '+08:00')::date BETWEEN $1 AND $2),
			count(*) FILTER (WHERE (concluded_at AT TIME ZONE INTERVAL '+08:00')::date BETWEEN $1 AND $2),
			count(*) FILTER (WHERE finding = 'substantiated' AND (concluded_at AT TIME ZONE INTERVAL '+08:00')::date BETWEEN $1 AND $2),
			count(*) FILTER (WHERE on_time = false AND (concluded_at AT TIME ZONE INTERVAL '+08:00')::date BETWEEN $1 AND $2)
		FROM complaints GROUP BY hall`, from, to, today)
	if err != nil {
		return nil, err
	}
	var c ComplaintCount
	if _, err := pgx.ForEachRow(rows, []any{&id, &c.Open, &c.Overdue, &c.Filed, &c.Concluded, &c.Upheld, &c.Late}, func() error {
		if h := get(id); h != nil {
			h.Complaints = c
		}
		return nil
	}); err != nil {
		return nil, err
	}

	rows, err = s.pool.Query(ctx, `SELECT hall, count(*), count(*) FILTER (WHERE state = 'cancelled'),
			count(*) FILTER (WHERE state = 'checked_in'), count(*) FILTER (WHERE state = 'no_show'),
			count(*) FILTER (WHERE state = 'no_show' AND late), count(*) FILTER (WHERE state = 'closed')
		FROM bookings WHERE day BETWEEN $1 AND $2 GROUP BY hall`, from, to)
	if err != nil {
		return nil, err
	}
	var k BookingCount
	if _, err := pgx.ForEachRow(rows, []any{&id, &k.Booked, &k.Cancelled, &k.CheckedIn, &k.NoShows, &k.Late, &k.Closed}, func() error {
		if h := get(id); h != nil {
			h.Bookings = k
		}
		return nil
	}); err != nil {
		return nil, err
	}
	return out, nil
}
