package alerts

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"time"

	"halld/queue"
)

// supervisor authenticates token as a supervisor's or admin's.
func (m *Monitor) supervisor(token string) (queue.Session, error) {
	s, err := m.e.Authenticate(token)
	if err != nil {
		return s, err
	}
	if s.Role != "supervisor" && s.Role != "admin" {
		return s, &queue.Error{Kind: queue.ErrForbidden, Code: "supervisor_only", Message: "只有值班长和管理员可以查看和确认预警"}
	}
	return s, nil
}

// Board is what GET /api/v1/alerts answers.
type Board struct {
	Day   string  `json:"day"`
	Open  []Alert `json:"open"`  // the newest first
	Today []Alert `json:"today"` // raised today, open or not
	// Unacked counts the alerts not acknowledged, open or cleared, of today.
	Unacked int `json:"unacked_today"`
}

// List returns the open alerts and today's history, for supervisors and
// admins.
func (m *Monitor) List(token string) (Board, error) {
	if _, err := m.supervisor(token); err != nil {
		return Board{}, err
	}
	return m.Board(time.Time{}), nil
}

// Board is List without the check of who asks, for the daemon's own
// surfaces (the big screen line); at zero means the engine's today.
func (m *Monitor) Board(at time.Time) Board {
	day := ""
	if at.IsZero() {
		v, err := m.e.HallView()
		if err == nil {
			day = v.Day
		}
	} else {
		day = m.day(at)
	}
	b := Board{Day: day}
	b.Open, b.Today = m.list(day)
	for _, a := range b.Today {
		if a.AckedAt == nil {
			b.Unacked++
		}
	}
	return b
}

// Ack records that the supervisor or admin of token has seen alert id
// (确认). An alert is acknowledged once; a cleared one may still be.
func (m *Monitor) Ack(token, id string) (Alert, error) {
	s, err := m.supervisor(token)
	if err != nil {
		return Alert{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	a := m.alerts[id]
	if a == nil {
		return Alert{}, &queue.Error{Kind: queue.ErrNotFound, Code: "alert_not_found", Message: "没有这条预警"}
	}
	if a.AckedAt != nil {
		return Alert{}, &queue.Error{Kind: queue.ErrConflict, Code: "already_acked", Message: "该预警已由" + a.AckedBy + "确认"}
	}
	var out Alert
	err = m.e.Update(func(r *queue.Rec) error {
		at := r.At()
		n := *a
		n.AckedBy, n.AckedAt = s.Staff, &at
		if _, err := r.Emit(EvAcked, ackedEvent{ID: id, By: s.Staff, At: at}); err != nil {
			return err
		}
		if err := r.Put(Domain, alertKey+id, n); err != nil {
			return err
		}
		*a, out = n, n
		return nil
	})
	return out, err
}

// DayCount is one day's figures of one rule.
type DayCount struct {
	Day     string `json:"day"`
	Rule    string `json:"rule"`
	Name    string `json:"name"`
	Raised  int    `json:"raised"`
	Acked   int    `json:"acked"`
	Unacked int    `json:"unacked"`
	Open    int    `json:"open"` // of those raised that day, still open
}

// Stats counts the alerts raised from day from to day to (YYYY-MM-DD,
// inclusive, at most a year) per day and rule, for supervisors and admins.
func (m *Monitor) Stats(token, from, to string) ([]DayCount, error) {
	if _, err := m.supervisor(token); err != nil {
		return nil, err
	}
	f, err1 := time.Parse(time.DateOnly, from)
	t, err2 := time.Parse(time.DateOnly, to)
	if err1 != nil || err2 != nil || t.Before(f) || t.Sub(f) > 366*24*time.Hour {
		return nil, &queue.Error{Kind: queue.ErrBadInput, Code: "bad_range",
			Message: "请给出起止日期（YYYY-MM-DD），止不早于起，最长一年"}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	counts := map[[2]string]*DayCount{}
	for _, a := range m.alerts {
		day := m.day(a.RaisedAt)
		if day < from || day > to {
			continue
		}
		k := [2]string{day, a.Rule}
		c := counts[k]
		if c == nil {
			c = &DayCount{Day: day, Rule: a.Rule, Name: RuleNames[a.Rule]}
			counts[k] = c
		}
		c.Raised++
		if a.AckedAt != nil {
			c.Acked++
		} else {
			c.Unacked++
		}
		if a.Open() {
			c.Open++
		}
	}
	out := []DayCount{}
	for _, k := range slices.SortedFunc(maps.Keys(counts), func(a, b [2]string) int {
		return cmp.Or(strings.Compare(a[0], b[0]), strings.Compare(a[1], b[1]))
	}) {
		out = append(out, *counts[k])
	}
	return out, nil
}
