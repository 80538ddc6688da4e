package assess

import (
	"fmt"
	"sort"
	"sync"
	"time"

	"halld/queue"
	"halld/queue/attendance"
	"halld/queue/hall"
	"halld/queue/workday"
)

// Log is what a Ledger reads: the engine's committed events.
type Log interface {
	ReadEvents(after uint64, max int) ([]queue.Event, error)
	Stats() queue.Stats
}

// Ledger scores months from the hall's event log. It keeps the facts of
// each month it has seen end (the log is append-only and event stamps
// never go back, so they cannot change), and reads the rest again on
// every request. It is safe for concurrent use.
type Ledger struct {
	log    Log
	ctx    Context
	rules  hall.Assessment
	roster Roster
	att    AttendanceBook // nil: no attendance facts

	mu   sync.Mutex
	over map[string][]Fact // facts of months that are over
}

// NewLedger returns a Ledger reading log for hall h (rules and roster)
// with calendar cal (nil: overdue cases count one day each).
func NewLedger(log Log, h *hall.Hall, cal *workday.Calendar) *Ledger {
	return &Ledger{log: log, ctx: Context{Hall: h, Calendar: cal}, rules: h.Assessment, roster: RosterOf(h),
		over: map[string][]Fact{}}
}

// WithAttendance makes the Ledger count attendance (late, early, absent,
// leave) from book's month summaries. Those are read again on every
// request, months that are over included: a leave entered later still
// excuses an absence, as the attendance book shows it. It returns l.
func (l *Ledger) WithAttendance(book AttendanceBook) *Ledger {
	l.att = book
	return l
}

// RosterOf lists the hall's departments (in the order of its services)
// and its window staff (clerks; supervisors and admins are not scored).
func RosterOf(h *hall.Hall) Roster {
	r := Roster{Location: h.Location}
	seen := map[string]bool{}
	for _, s := range h.Services {
		if s.Department != "" && !seen[s.Department] {
			seen[s.Department] = true
			r.Departments = append(r.Departments, s.Department)
		}
	}
	for _, s := range h.Staff {
		if s.Role == hall.RoleClerk {
			r.Staff = append(r.Staff, Person{ID: s.ID, Name: s.Name})
		}
	}
	return r
}

// Month scores month (YYYY-MM), reading the months its rules look back on.
func (l *Ledger) Month(month string) (Report, error) {
	if _, _, err := ParseMonth(month); err != nil {
		return Report{}, err
	}
	back := max(l.rules.LeastSatisfiedMonths, l.rules.ComplaintMonths, 2)
	var facts []Fact
	for i := back - 1; i >= 0; i-- {
		m := addMonths(month, -i)
		fs, err := l.facts(m)
		if err != nil {
			return Report{}, err
		}
		facts = append(facts, fs...)
		if l.att != nil {
			sums, err := l.att.Summaries(m)
			if err != nil {
				return Report{}, fmt.Errorf("assess: attendance of %s: %w", m, err)
			}
			facts = append(facts, attendanceFacts(l.scored(sums), l.ctx.Hall)...)
		}
	}
	return Score(month, facts, l.rules, l.roster)
}

func (l *Ledger) facts(month string) ([]Fact, error) {
	l.mu.Lock()
	fs, ok := l.over[month]
	l.mu.Unlock()
	if ok {
		return fs, nil
	}
	y, m, _ := ParseMonth(month)
	from := time.Date(y, m, 1, 0, 0, 0, 0, l.roster.Location)
	to := from.AddDate(0, 1, 0)
	fs = nil
	var alerts unackedAlerts
	over, err := l.read(from, to, func(ev queue.Event) error {
		more, err := factsOf(ev, &l.ctx, &alerts)
		fs = append(fs, more...)
		return err
	})
	if err != nil {
		return nil, err
	}
	fs = append(fs, alerts.facts()...)
	if over {
		l.mu.Lock()
		l.over[month] = fs
		l.mu.Unlock()
	}
	return fs, nil
}

// readBatch is how many events one read of the log returns.
const readBatch = 2000

// read calls fn with each event stamped in [from, to), in order, and
// reports whether the log has an event at or after to (then no event of
// the range can still come).
func (l *Ledger) read(from, to time.Time, fn func(queue.Event) error) (over bool, err error) {
	after, err := l.seek(from)
	if err != nil {
		return false, err
	}
	for {
		batch, err := l.log.ReadEvents(after, readBatch)
		if err != nil {
			return false, err
		}
		for _, ev := range batch {
			if !ev.At.Before(to) {
				return true, nil
			}
			if err := fn(ev); err != nil {
				return false, err
			}
		}
		if len(batch) < readBatch {
			return false, nil
		}
		after = batch[len(batch)-1].Seq
	}
}

// seek returns the sequence number just before the first event stamped at
// or after t, by binary search over the log (stamps never go back).
func (l *Ledger) seek(t time.Time) (uint64, error) {
	n := l.log.Stats().Seq
	var err error
	i := sort.Search(int(n), func(i int) bool { // is event i+1 at or after t?
		if err != nil {
			return true
		}
		var evs []queue.Event
		evs, err = l.log.ReadEvents(uint64(i), 1)
		if err == nil && len(evs) == 0 {
			return true
		}
		return err != nil || !evs[0].At.Before(t)
	})
	return uint64(i), err
}

// scored keeps the summaries of the roster's staff (supervisors punch
// too, but are not scored).
func (l *Ledger) scored(sums []attendance.MonthSummary) []attendance.MonthSummary {
	in := map[string]bool{}
	for _, p := range l.roster.Staff {
		in[p.ID] = true
	}
	var out []attendance.MonthSummary
	for _, s := range sums {
		if in[s.Staff] {
			out = append(out, s)
		}
	}
	return out
}
