package alerts

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"halld/queue"
)

// Domain is the records domain and event prefix of alerts.
const Domain = "alert"

// Events.
const (
	EvRaised  = "alert.raised"
	EvCleared = "alert.cleared"
	EvAcked   = "alert.acked"
)

// Rules.
const (
	RuleWait      = "wait"      // 等候超时
	RuleQueue     = "queue"     // 排队过长
	RulePaused    = "paused"    // 暂停超时
	RuleUnstaffed = "unstaffed" // 窗口无人
	RuleCaseCard  = "case_card" // 办件预警 (黄牌、红牌)
)

// RuleNames are the rules' names for people.
var RuleNames = map[string]string{RuleWait: "等候超时", RuleQueue: "排队过长", RulePaused: "暂停超时",
	RuleUnstaffed: "窗口无人", RuleCaseCard: "办件预警"}

// Alert is one alert as stored and shown to supervisors. Ticket and Case
// are numbers, never an applicant's data.
type Alert struct {
	ID         string     `json:"id"`
	Rule       string     `json:"rule"`
	Key        string     `json:"key"` // the condition instance: one open alert per key
	Service    string     `json:"service,omitempty"`
	Window     int        `json:"window,omitempty"`
	Staff      string     `json:"staff,omitempty"`
	Department string     `json:"department,omitempty"`
	Ticket     string     `json:"ticket,omitempty"`
	Case       string     `json:"case,omitempty"`
	Detail     string     `json:"detail"`
	RaisedAt   time.Time  `json:"raised_at"`
	ClearedAt  *time.Time `json:"cleared_at,omitempty"`
	AckedBy    string     `json:"acked_by,omitempty"`
	AckedAt    *time.Time `json:"acked_at,omitempty"`
}

// Open reports whether the alert's condition still holds.
func (a *Alert) Open() bool { return a.ClearedAt == nil }

// raisedEvent is alert.raised's payload.
type raisedEvent struct {
	ID         string    `json:"id"`
	Rule       string    `json:"rule"`
	Service    string    `json:"service,omitempty"`
	Window     int       `json:"window,omitempty"`
	Staff      string    `json:"staff,omitempty"`
	Department string    `json:"department,omitempty"`
	Ticket     string    `json:"ticket,omitempty"`
	Case       string    `json:"case,omitempty"`
	Detail     string    `json:"detail"`
	RaisedAt   time.Time `json:"raised_at"`
}

type clearedEvent struct {
	ID string    `json:"id"`
	At time.Time `json:"at"`
}

type ackedEvent struct {
	ID string    `json:"id"`
	By string    `json:"by"`
	At time.Time `json:"at"`
}

// watch is a duration condition seen and not yet long enough (a paused or
// unstaffed window): when it was first seen.
type watch struct {
	Since time.Time `json:"since"`
}

// Record keys: "a/<id>" an alert, "w/<condition key>" a watch.
const (
	alertKey = "a/"
	watchKey = "w/"
)

// Monitor evaluates the alert rules and keeps the alerts. It is safe for
// concurrent use.
type Monitor struct {
	e   *queue.Engine
	log *slog.Logger

	mu      sync.Mutex
	alerts  map[string]*Alert    // by id, history included
	open    map[string]*Alert    // open alerts by condition key
	watches map[string]time.Time // condition key → first seen
	seq     map[string]int       // last number of an alert id per day (YYYYMMDD)
}

// Open loads the alerts of e's database.
func Open(e *queue.Engine, log *slog.Logger) (*Monitor, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	m := &Monitor{e: e, log: log, alerts: map[string]*Alert{}, open: map[string]*Alert{},
		watches: map[string]time.Time{}, seq: map[string]int{}}
	err := e.LoadRecords(Domain, func(key string, raw []byte) error {
		switch {
		case strings.HasPrefix(key, alertKey):
			a := &Alert{}
			if err := json.Unmarshal(raw, a); err != nil {
				return fmt.Errorf("alerts: record %s: %w", key, err)
			}
			m.remember(a)
		case strings.HasPrefix(key, watchKey):
			var w watch
			if err := json.Unmarshal(raw, &w); err != nil {
				return fmt.Errorf("alerts: record %s: %w", key, err)
			}
			m.watches[strings.TrimPrefix(key, watchKey)] = w.Since
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// remember indexes a; call with mu held (or before m is shared).
func (m *Monitor) remember(a *Alert) {
	m.alerts[a.ID] = a
	if a.Open() {
		m.open[a.Key] = a
	}
	day, n, ok := splitID(a.ID)
	if ok && n > m.seq[day] {
		m.seq[day] = n
	}
}

// nextID numbers alerts per hall day: YYYYMMDD-NNN.
func (m *Monitor) nextID(day string, taken int) string {
	d := strings.ReplaceAll(day, "-", "")
	return fmt.Sprintf("%s-%03d", d, m.seq[d]+taken+1)
}

func splitID(id string) (string, int, bool) {
	d, n, ok := strings.Cut(id, "-")
	if !ok {
		return "", 0, false
	}
	var k int
	if _, err := fmt.Sscanf(n, "%d", &k); err != nil {
		return "", 0, false
	}
	return d, k, true
}

// List returns the open alerts and every alert raised on day (YYYY-MM-DD)
// or still open, the newest first.
func (m *Monitor) list(day string) (open, today []Alert) {
	m.mu.Lock()
	defer m.mu.Unlock()
	open, today = []Alert{}, []Alert{}
	all := slices.Collect(maps.Values(m.alerts))
	slices.SortFunc(all, func(a, b *Alert) int {
		if c := a.RaisedAt.Compare(b.RaisedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	for _, a := range all {
		if a.Open() {
			open = append(open, *a)
		}
		if m.day(a.RaisedAt) == day {
			today = append(today, *a)
		}
	}
	slices.Reverse(open)
	slices.Reverse(today)
	return open, today
}

func (m *Monitor) day(t time.Time) string { return m.e.Hall().Day(t) }

// OpenCount is the number of alerts whose condition still holds,
// acknowledged or not (the live record the hall sends its centre).
func (m *Monitor) OpenCount() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.open)
}
