package attendance

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"halld/queue"
	"halld/queue/hall"
	"halld/queue/workday"
)

// Domain is the records domain and event prefix.
const Domain = "attendance"

// Events.
const (
	EvPunched        = "attendance.punched"
	EvAbsent         = "attendance.absent"
	EvLeave          = "attendance.leave"
	EvLeaveCancelled = "attendance.leave_cancelled"
)

// Statuses of a slot.
const (
	OnTime  = "ontime"  // 正常
	Late    = "late"    // 迟到
	Early   = "early"   // 早退
	Absent  = "absent"  // 缺勤 (no punch in a closed slot of a working day)
	OnLeave = "leave"   // 请假 (excused)
	Pending = "pending" // the slot's window is still open
	Rest    = "rest"    // not a working day, no punch
)

// ErrRecords wraps a record in the database that does not decode.
var ErrRecords = errors.New("attendance: bad record")

// Mark is one slot of one staff member's day.
type Mark struct {
	Status  string     `json:"status"`
	At      *time.Time `json:"at,omitempty"`      // the punch that counts
	Minutes int        `json:"minutes,omitempty"` // late or early by
	Via     string     `json:"via,omitempty"`     // "pin" or "card"
	Device  string     `json:"device,omitempty"`  // the card reader, if any
	Seq     uint64     `json:"seq,omitempty"`     // the event that decided it
	Leave   string     `json:"leave,omitempty"`   // the excusing leave's id
	Kind    string     `json:"kind,omitempty"`    // and its kind
}

// dayRec is one staff member's day as stored ("d/<day>/<staff>").
type dayRec struct {
	Staff string           `json:"staff"`
	Day   string           `json:"day"`
	Slots map[string]*Mark `json:"slots"`
}

// Leave is a supervisor's record of leave for a staff member and dates.
type Leave struct {
	ID    string    `json:"id"`
	Staff string    `json:"staff"`
	From  string    `json:"from"` // YYYY-MM-DD
	To    string    `json:"to"`   // inclusive
	Kind  string    `json:"kind"` // 事假, 病假…
	Slots []string  `json:"slots,omitempty"`
	Note  string    `json:"note,omitempty"`
	By    string    `json:"by"`
	At    time.Time `json:"at"`
	Seq   uint64    `json:"seq"`
	// Cancelled, when set, is who withdrew it (it excuses nothing).
	Cancelled   string     `json:"cancelled,omitempty"`
	CancelledAt *time.Time `json:"cancelled_at,omitempty"`
}

// marker is the last day Sweep closed ("closed").
type marker struct {
	Day   string `json:"day"`
	Since string `json:"since"` // the first day attendance counted
}

// Book is the hall's attendance book. It is safe for concurrent use.
type Book struct {
	e   *queue.Engine
	h   *hall.Hall
	cal *workday.Calendar
	now func() time.Time
	log *slog.Logger

	mu     sync.Mutex
	days   map[string]map[string]*dayRec // day → staff → record
	leaves map[string]*Leave
	seq    int    // leaves numbered so far
	closed string // last day swept; "" before the first sweep
	since  string // first day absences count (the first sweep's)
}

// Options configure Open.
type Options struct {
	Now    func() time.Time // the engine's clock; nil means time.Now
	Logger *slog.Logger
}

// Open loads the attendance records of e's database.
func Open(e *queue.Engine, opt Options) (*Book, error) {
	b := &Book{e: e, h: e.Hall(), cal: e.Calendar(), now: opt.Now, log: opt.Logger,
		days: map[string]map[string]*dayRec{}, leaves: map[string]*Leave{}}
	if b.now == nil {
		b.now = time.Now
	}
	if b.log == nil {
		b.log = slog.New(slog.DiscardHandler)
	}
	err := e.LoadRecords(Domain, func(key string, raw []byte) error {
		bad := func(err error) error { return fmt.Errorf("%w: %s: %v", ErrRecords, key, err) }
		switch {
		case key == "closed":
			var m marker
			if err := json.Unmarshal(raw, &m); err != nil {
				return bad(err)
			}
			b.closed, b.since = m.Day, m.Since
		case strings.HasPrefix(key, "d/"):
			var d dayRec
			if err := json.Unmarshal(raw, &d); err != nil {
				return bad(err)
			}
			b.dayOf(d.Day)[d.Staff] = &d
		case strings.HasPrefix(key, "l/"):
			var l Leave
			if err := json.Unmarshal(raw, &l); err != nil {
				return bad(err)
			}
			b.leaves[l.ID] = &l
			b.seq++
		default:
			return bad(errors.New("unknown key"))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

func (b *Book) dayOf(day string) map[string]*dayRec {
	m := b.days[day]
	if m == nil {
		m = map[string]*dayRec{}
		b.days[day] = m
	}
	return m
}

func dayKey(day, staff string) string { return "d/" + day + "/" + staff }

// workday reports whether day (YYYY-MM-DD) is a working day.
func (b *Book) workday(day string) bool {
	d, err := workday.ParseDate(day)
	if err != nil {
		return false
	}
	w, _ := b.cal.IsWorkday(d)
	return w
}

// minuteOf is t's hall-local day and minute of the day.
func (b *Book) minuteOf(t time.Time) (string, int) {
	return b.h.Day(t), b.h.MinuteOfDay(t)
}

func refuse(kind error, code, msg string, args ...any) error {
	return &queue.Error{Kind: kind, Code: code, Message: fmt.Sprintf(msg, args...)}
}
