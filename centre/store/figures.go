package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Dimensions the figures are grouped by.
const (
	ByHall       = "hall"
	ByDepartment = "department"
	ByWindow     = "window"
	ByStaff      = "staff"
)

// groupKeys are the SQL of each dimension's key columns over tickets (t),
// evaluations (e) and services (s).
var groupKeys = map[string]struct{ ticket, eval string }{
	ByHall:       {"t.hall, ''", "e.hall, ''"},
	ByDepartment: {"t.hall, coalesce(nullif(s.department, ''), '未分部门')", "e.hall, coalesce(nullif(s.department, ''), '未分部门')"},
	ByWindow:     {"t.hall, coalesce(t.window_no::text, '')", "e.hall, coalesce(e.window_no::text, '')"},
	ByStaff:      {"t.hall, coalesce(t.staff, '')", "e.hall, coalesce(e.staff, '')"},
}

// Figure is one row of the figures: a hall and, below ByHall, a
// department, window number or staff id.
type Figure struct {
	Hall     string `json:"hall"`
	HallName string `json:"hall_name"`
	Key      string `json:"key"` // "" for ByHall
	Issued   int    `json:"issued"`
	Called   int    `json:"called"` // called at least once (their wait counted)
	Served   int    `json:"served"` // finished
	NoShow   int    `json:"no_show"`
	// Waits and service times in seconds, over the tickets that have them.
	AvgWaitS    int `json:"avg_wait_s"`
	MaxWaitS    int `json:"max_wait_s"`
	AvgServiceS int `json:"avg_service_s"`
	// 好差评: every evaluation, by level (index 1–5), and how many were
	// given by the applicant (the rest are the policy's defaults).
	Rated  int    `json:"rated"`
	Active int    `json:"active"`
	Levels [6]int `json:"levels"`
	// Good is 满意 and 非常满意; Bad 不满意 and 非常不满意 (差评).
	Good int `json:"good"`
	Bad  int `json:"bad"`
	// Channels counts the evaluations by channel (keypad, tablet, qr, web).
	Channels map[string]int `json:"channels,omitempty"`
}

// Figures returns the figures of the days [from, to] (the halls' days),
// grouped by one dimension, ordered by hall and key.
func (s *Store) Figures(ctx context.Context, from, to time.Time, by string) ([]Figure, error) {
	g, ok := groupKeys[by]
	if !ok {
		return nil, fmt.Errorf("store: figures by %q (want hall, department, window or staff)", by)
	}
	rows, err := s.pool.Query(ctx, `SELECT `+g.ticket+`, count(*),
			count(t.wait_s), count(t.finished_at), count(*) FILTER (WHERE t.state = 'no_show'),
			coalesce(round(avg(t.wait_s)), 0)::int, coalesce(max(t.wait_s), 0), coalesce(round(avg(t.service_s)), 0)::int
		FROM tickets t LEFT JOIN services s ON s.hall = t.hall AND s.id = t.service
		WHERE t.day BETWEEN $1 AND $2 GROUP BY 1, 2`, from, to)
	if err != nil {
		return nil, err
	}
	byKey := map[[2]string]*Figure{}
	get := func(hall, key string) *Figure {
		f := byKey[[2]string{hall, key}]
		if f == nil {
			f = &Figure{Hall: hall, Key: key}
			byKey[[2]string{hall, key}] = f
		}
		return f
	}
	var hall, key string
	var issued, called, served, noShow, avgWait, maxWait, avgService int
	_, err = pgx.ForEachRow(rows, []any{&hall, &key, &issued, &called, &served, &noShow, &avgWait, &maxWait, &avgService}, func() error {
		f := get(hall, key)
		f.Issued, f.Called, f.Served, f.NoShow = issued, called, served, noShow
		f.AvgWaitS, f.MaxWaitS, f.AvgServiceS = avgWait, maxWait, avgService
		return nil
	})
	if err != nil {
		return nil, err
	}
	rows, err = s.pool.Query(ctx, `SELECT `+g.eval+`, e.level, e.channel, count(*), count(*) FILTER (WHERE e.active)
		FROM evaluations e LEFT JOIN services s ON s.hall = e.hall AND s.id = e.service
		WHERE e.day BETWEEN $1 AND $2 GROUP BY 1, 2, 3, 4`, from, to)
	if err != nil {
		return nil, err
	}
	var level, n, active int
	var channel string
	_, err = pgx.ForEachRow(rows, []any{&hall, &key, &level, &channel, &n, &active}, func() error {
		f := get(hall, key)
		if f.Channels == nil {
			f.Channels = map[string]int{}
		}
		f.Channels[channel] += n
		f.Levels[level] += n
		f.Rated += n
		f.Active += active
		switch {
		case level >= 4:
			f.Good += n
		case level <= 2:
			f.Bad += n
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	names, err := s.hallNames(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Figure, 0, len(byKey))
	for _, f := range byKey {
		f.HallName = names[f.Hall]
		out = append(out, *f)
	}
	sortFigures(out)
	return out, nil
}

func (s *Store) hallNames(ctx context.Context) (map[string]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, name FROM halls`)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	var id, name string
	_, err = pgx.ForEachRow(rows, []any{&id, &name}, func() error { names[id] = name; return nil })
	return names, err
}
