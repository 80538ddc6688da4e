package booking

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"halld/queue"
	"halld/queue/hall"
	"halld/queue/workday"
)

// Domain is the records domain and event prefix of appointments.
const Domain = "booking"

// States of a booking.
const (
	Booked    = "booked"
	Cancelled = "cancelled"
	CheckedIn = "checked_in"
	NoShow    = "no_show"
	// Closed: the day closed after the booking was made (see Check).
	Closed = "closed"
)

// Booking is one appointment as stored. Person is the hall's keyed hash
// of the ID number; the number itself is never kept.
type Booking struct {
	Code     string     `json:"code"`
	Service  string     `json:"service"`
	Date     string     `json:"date"`  // YYYY-MM-DD, hall-local
	Start    int        `json:"start"` // minutes since midnight
	End      int        `json:"end"`
	Person   string     `json:"person"`
	IDMasked string     `json:"id_masked"`
	Channel  string     `json:"channel"` // portal, phone
	State    string     `json:"state"`
	BookedAt time.Time  `json:"booked_at"`
	DoneAt   *time.Time `json:"done_at,omitempty"` // cancelled, checked in or marked no-show
	// Ticket is the number issued at check-in; Late marks a walk-in
	// ticket issued after the check-in window (the booking is a no-show).
	Ticket string `json:"ticket,omitempty"`
	Late   bool   `json:"late,omitempty"`
}

// View is a booking as the API shows it: no hash, times as HH:MM.
type View struct {
	Code        string     `json:"code"`
	Service     string     `json:"service"`
	ServiceName string     `json:"service_name"`
	Date        string     `json:"date"`
	Start       string     `json:"start"`
	End         string     `json:"end"`
	IDMasked    string     `json:"id_masked"`
	Channel     string     `json:"channel"`
	State       string     `json:"state"`
	BookedAt    time.Time  `json:"booked_at"`
	DoneAt      *time.Time `json:"done_at,omitempty"`
	Ticket      string     `json:"ticket,omitempty"`
	Late        bool       `json:"late,omitempty"`
	// CancelUntil is the last moment the booking may be cancelled;
	// CheckInFrom and CheckInUntil bound the check-in window.
	CancelUntil  time.Time `json:"cancel_until"`
	CheckInFrom  time.Time `json:"checkin_from"`
	CheckInUntil time.Time `json:"checkin_until"`
}

// Options tune a Book.
type Options struct {
	Now    func() time.Time // nil: time.Now; use the engine's clock
	Logger *slog.Logger
}

// Book holds the hall's appointments in memory (loaded at Open) and
// changes them through the engine's Update.
type Book struct {
	e   *queue.Engine
	h   *hall.Hall
	cfg *hall.Booking
	now func() time.Time
	log *slog.Logger

	// mu serialises the verbs: a check-in issues its ticket and records
	// the check-in under it, so one code never gives two tickets.
	mu       sync.Mutex
	byCode   map[string]*Booking
	byDate   map[string][]*Booking
	byPerson map[string][]*Booking
}

// Open loads the committed bookings of engine e.
func Open(e *queue.Engine, opt Options) (*Book, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	h := e.Hall()
	b := &Book{e: e, h: h, cfg: &h.Booking, now: opt.Now, log: opt.Logger,
		byCode: map[string]*Booking{}, byDate: map[string][]*Booking{}, byPerson: map[string][]*Booking{}}
	err := e.LoadRecords(Domain, func(key string, raw []byte) error {
		var k Booking
		if err := json.Unmarshal(raw, &k); err != nil {
			return fmt.Errorf("booking: record %s: %w", key, err)
		}
		b.index(&k)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// index adds a new booking to memory, or replaces the stored one.
func (b *Book) index(k *Booking) {
	if old := b.byCode[k.Code]; old != nil {
		*old = *k
		return
	}
	b.byCode[k.Code] = k
	b.byDate[k.Date] = append(b.byDate[k.Date], k)
	b.byPerson[k.Person] = append(b.byPerson[k.Person], k)
}

// save commits k (a copy, changed) with its event; memory follows only
// once the change is durable.
func (b *Book) save(k *Booking, event string, payload any) error {
	err := b.e.Update(func(r *queue.Rec) error {
		if _, err := r.Emit(Domain+"."+event, payload); err != nil {
			return err
		}
		return r.Put(Domain, k.Code, k)
	})
	if err != nil {
		return err
	}
	b.index(k)
	return nil
}

// Enabled reports whether the hall takes bookings.
func (b *Book) Enabled() bool { return b.h.Bookable() }

func (b *Book) loc() *time.Location { return b.h.Location }

// at is the moment minute m of date d begins, in the hall's zone.
func (b *Book) at(date string, m int) time.Time {
	d, _ := workday.ParseDate(date)
	return time.Date(d.Year, d.Month, d.Day, 0, m, 0, 0, b.loc())
}

func (b *Book) view(k *Booking) View {
	name := k.Service
	if s := b.h.ServiceByID(k.Service); s != nil {
		name = s.Name
	}
	start := b.at(k.Date, k.Start)
	return View{
		Code: k.Code, Service: k.Service, ServiceName: name, Date: k.Date,
		Start: clock(k.Start), End: clock(k.End), IDMasked: k.IDMasked, Channel: k.Channel,
		State: k.State, BookedAt: k.BookedAt.In(b.loc()), DoneAt: k.DoneAt, Ticket: k.Ticket, Late: k.Late,
		CancelUntil:  start.Add(-time.Duration(b.cfg.CancelBeforeMinutes) * time.Minute),
		CheckInFrom:  start.Add(-time.Duration(b.cfg.CheckInBeforeMinutes) * time.Minute),
		CheckInUntil: start.Add(time.Duration(b.cfg.CheckInAfterMinutes) * time.Minute),
	}
}

// Lookup returns the booking with confirmation code code.
func (b *Book) Lookup(code string) (View, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	k := b.byCode[normCode(code)]
	if k == nil {
		return View{}, errNoBooking()
	}
	return b.view(k), nil
}

func clock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// parseClock parses a slot's start, exactly "HH:MM" (00:00…23:59).
func parseClock(s string) (int, bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	for _, i := range []int{0, 1, 3, 4} {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	h, m := int(s[0]-'0')*10+int(s[1]-'0'), int(s[3]-'0')*10+int(s[4]-'0')
	if h > 23 || m > 59 {
		return 0, false
	}
	return h*60 + m, true
}

func refuse(kind error, code, format string, args ...any) error {
	return &queue.Error{Kind: kind, Code: code, Message: fmt.Sprintf(format, args...)}
}

func errNoBooking() error {
	return refuse(queue.ErrNotFound, "booking_not_found", "没有这个预约，请核对预约码")
}
