package store

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// OverdueFollowUp is a 差评 follow-up past its due day: 回访核实 not done by
// verify_due, or 整改反馈 not done by close_due.
type OverdueFollowUp struct {
	Hall     string    `json:"hall"`
	HallName string    `json:"hall_name"`
	Ticket   string    `json:"ticket"`
	Number   string    `json:"number"`
	Service  string    `json:"service"`
	Window   *int      `json:"window,omitempty"`
	Staff    *string   `json:"staff,omitempty"`
	Level    int       `json:"level"`
	State    string    `json:"state"`
	OpenedAt time.Time `json:"opened_at"`
	Due      string    `json:"due"` // the missed due day
	DaysLate int       `json:"days_late"`
}

// OverdueFollowUps lists the follow-ups overdue on the day today, the
// longest overdue first.
func (s *Store) OverdueFollowUps(ctx context.Context, today time.Time) ([]OverdueFollowUp, error) {
	rows, err := s.pool.Query(ctx, `SELECT f.hall, h.name, f.ticket, f.number, coalesce(nullif(s.name, ''), f.service),
			f.window_no, f.staff, f.level, f.state, f.opened_at, to_char(d.due, 'YYYY-MM-DD'), $1::date - d.due
		FROM followups f JOIN halls h ON h.id = f.hall LEFT JOIN services s ON s.hall = f.hall AND s.id = f.service,
		LATERAL (SELECT CASE WHEN f.state = 'open' THEN f.verify_due ELSE f.close_due END AS due) d
		WHERE f.state <> 'closed' AND d.due < $1::date
		ORDER BY d.due, f.hall, f.number`, today)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (OverdueFollowUp, error) {
		var f OverdueFollowUp
		err := r.Scan(&f.Hall, &f.HallName, &f.Ticket, &f.Number, &f.Service, &f.Window, &f.Staff, &f.Level,
			&f.State, &f.OpenedAt, &f.Due, &f.DaysLate)
		return f, err
	})
}

// OverdueCase is a case (办件) still open past its promised day.
type OverdueCase struct {
	Hall        string    `json:"hall"`
	HallName    string    `json:"hall_name"`
	Number      string    `json:"number"`
	Service     string    `json:"service"`
	ServiceName string    `json:"service_name"`
	Department  string    `json:"department"`
	State       string    `json:"state"`
	AcceptedAt  time.Time `json:"accepted_at"`
	Due         string    `json:"due"`
	DaysLate    int       `json:"days_late"`
	Card        string    `json:"card,omitempty"`
}

// OverdueCases lists the cases accepted or in processing whose due day
// is before today (a suspended case's clock is stopped, so it is not
// counted), the longest overdue first.
func (s *Store) OverdueCases(ctx context.Context, today time.Time) ([]OverdueCase, error) {
	rows, err := s.pool.Query(ctx, `SELECT c.hall, h.name, c.number, c.service, c.service_name, c.department, c.state,
			c.accepted_at, to_char(c.due, 'YYYY-MM-DD'), $1::date - c.due, c.card
		FROM cases c JOIN halls h ON h.id = c.hall
		WHERE c.state IN ('accepted', 'processing') AND c.due < $1::date
		ORDER BY c.due, c.hall, c.number`, today)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (OverdueCase, error) {
		var c OverdueCase
		err := r.Scan(&c.Hall, &c.HallName, &c.Number, &c.Service, &c.ServiceName, &c.Department, &c.State,
			&c.AcceptedAt, &c.Due, &c.DaysLate, &c.Card)
		return c, err
	})
}

func sortFigures(fs []Figure) {
	slices.SortFunc(fs, func(a, b Figure) int {
		if c := strings.Compare(a.Hall, b.Hall); c != 0 {
			return c
		}
		return strings.Compare(a.Key, b.Key)
	})
}
