package queue

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"halld/queue/hall"
	"halld/queue/workday"
)

// Options tune an Engine. The zero value is usable.
type Options struct {
	// Now is the clock; nil means time.Now. Tests inject a fake.
	Now func() time.Time
	// Logger receives engine logs; nil discards them.
	Logger *slog.Logger
	// SubscriberBuffer is how many live events a subscriber may fall behind
	// before it is switched to catching up from the log (default 256).
	SubscriberBuffer int
	// Calendar counts working days for case deadlines; nil means the
	// built-in holiday tables (plus any the admin loaded, kept in the
	// database).
	Calendar *workday.Calendar
	// Synced reports whether the system clock is synchronised (NTP); nil
	// means it always is. While it is not, no new day starts (see the
	// package doc, clock safety). It is called under the engine lock on
	// every change: keep it cheap.
	Synced func() bool
	// KeyFile is the file of halld's secrets (the HMAC key of ID numbers,
	// the key sealing case applicants), kept out of the database and its
	// backups; created 0600 when missing. Empty means KeyFile(path).
	KeyFile string
	// RetentionDays is how long personal data of finished tickets and cases
	// is kept (0: DefaultRetentionDays; negative: for ever).
	RetentionDays int
	// ConfirmDay is an operator's confirmation (halld -confirm-day) that the
	// clock's day may start although it is far ahead of the last one.
	ConfirmDay string
	// Verify makes Open verify the whole database (every page and record)
	// even after a clean shutdown; it always does after an unclean one.
	Verify bool
}

// trustFloor: a board without an RTC boots at 1970; no hall ran halld
// before this date, so an earlier clock is certainly wrong.
var trustFloor = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// Engine is the queue engine of one hall. All methods are safe for
// concurrent use.
type Engine struct {
	hall *hall.Hall
	db   *bolt.DB
	now  func() time.Time
	log  *slog.Logger
	c    *committer
	hub  *hub

	mu        sync.Mutex
	closed    bool
	meta      meta
	tickets   map[string]*Ticket // live tickets and today's finished ones
	windows   map[int]*Window
	sessions  map[string]*session
	queues    map[string]*lane   // waiting tickets per service
	targeted  map[int]*lane      // waiting tickets transferred to a window
	live      map[string]*Ticket // live tickets by number
	byID      map[string]string  // service|id-hash → live ticket id
	avg       map[string]float64 // learned service seconds per service
	guard     *loginGuard
	devices   map[string]DeviceState
	cal       *workday.Calendar
	synced    func() bool             // Options.Synced; nil: always synchronised
	cases     map[string]*Case        // open cases and those finished this month
	cardDay   workday.Date            // when the case warnings were last refreshed
	stats     *DayStats               // the latest day's figures
	follow    map[string]*FollowUp    // open 差评 follow-ups, by ticket
	openSince map[int]time.Time       // windows open now (utilisation), since when
	agents    map[string]*agentRecord // device agents' last press, by board
	waiting   bool                    // refusing for an unsynchronised clock (logged once)

	// Integrity, personal data and the clock's jumps (issue 15).
	path         string      // the database file
	mark         *commitMark // the commit mark beside it
	keys         *keys       // from the key file
	retention    int         // days personal data is kept; <= 0 for ever
	migrated     bool        // restore moved personal data: compact the file
	jumped       bool        // refusing a day far ahead (logged once)
	confirmedDay string      // a day far ahead the operator confirmed (ConfirmDay)
}

// meta is the engine's small singleton record.
type meta struct {
	Seq       uint64         `json:"seq"`
	Day       string         `json:"day"`
	LastAt    time.Time      `json:"last_at"`
	Counters  map[string]int `json:"counters"` // service → last sequence used today
	Issued    map[string]int `json:"issued"`   // service → tickets issued today
	NextOrder int64          `json:"next_order"`
	ClosedDay string         `json:"closed_day,omitempty"` // last day whose waiting tickets expired
	Secret    []byte         `json:"secret,omitempty"`     // before the key file: read once, to migrate
	CaseDay   string         `json:"case_day,omitempty"`   // day of CaseSeq
	CaseSeq   int            `json:"case_seq,omitempty"`   // last generated case number's sequence
	// DefaultEvalDay is the next day whose unrated services get the
	// policy's default evaluation.
	DefaultEvalDay string `json:"default_eval_day,omitempty"`
	// PurgedTickets: tickets of this day and earlier hold no ID data;
	// PurgedCases: the day the cases were last purged (retention.go).
	PurgedTickets string `json:"purged_tickets,omitempty"`
	PurgedCases   string `json:"purged_cases,omitempty"`
	// Notice is the public notice line an admin or the centre set.
	Notice string `json:"notice,omitempty"`
}

// Open opens (or creates) the database at path and restores the hall's
// current state from it.
func Open(path string, h *hall.Hall, opt Options) (*Engine, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.SubscriberBuffer <= 0 {
		opt.SubscriberBuffer = 256
	}
	if opt.RetentionDays == 0 {
		opt.RetentionDays = DefaultRetentionDays
	}
	if opt.KeyFile == "" {
		opt.KeyFile = KeyFile(path)
	}
	mark, hadMark, err := readMark(path)
	if err != nil {
		return nil, fmt.Errorf("queue: commit mark: %w", err)
	}
	_, statErr := os.Stat(path)
	check := statErr == nil && (opt.Verify || !hadMark || !mark.unchanged(path))
	// A large initial map means the writer seldom remaps the file, which
	// must wait for every reader (subscribers catching up) to finish. It is
	// address space, not memory: pages are read in as they are used.
	boltOpts := &bolt.Options{Timeout: 2 * time.Second, FreelistType: bolt.FreelistMapType,
		InitialMmapSize: 256 << 20}
	db, err := bolt.Open(path, 0o600, boltOpts)
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, fmt.Errorf("%w: %s", ErrInUse, path)
		}
		return nil, fmt.Errorf("queue: open %s: %w", path, err)
	}
	k, err := loadKeys(opt.KeyFile, needsNewKey(db))
	if err != nil {
		db.Close()
		return nil, err
	}
	e := &Engine{
		hall:      h,
		db:        db,
		now:       opt.Now,
		synced:    opt.Synced,
		log:       opt.Logger,
		tickets:   map[string]*Ticket{},
		windows:   map[int]*Window{},
		sessions:  map[string]*session{},
		queues:    map[string]*lane{},
		targeted:  map[int]*lane{},
		live:      map[string]*Ticket{},
		byID:      map[string]string{},
		avg:       map[string]float64{},
		guard:     newLoginGuard(),
		devices:   map[string]DeviceState{},
		cal:       opt.Calendar,
		cases:     map[string]*Case{},
		follow:    map[string]*FollowUp{},
		openSince: map[int]time.Time{},
		agents:    map[string]*agentRecord{},
	}
	e.path, e.keys, e.retention, e.confirmedDay = path, k, opt.RetentionDays, opt.ConfirmDay
	if e.cal == nil {
		e.cal = workday.New(h.Location)
	}
	defer func() { // windows open at start count from now
		for n, w := range e.windows {
			if w.State == WindowOpen {
				e.openSince[n] = opt.Now()
			}
		}
	}()
	if check {
		e.log.Warn("verifying the whole database: no clean shutdown recorded, or the file changed since", "path", path)
		if err := db.View(verify); err != nil {
			db.Close()
			return nil, err
		}
		e.log.Info("database verified", "path", path)
	}
	if err := e.restore(); err != nil {
		db.Close()
		return nil, err
	}
	if e.migrated {
		if db, err = compactInPlace(db, path, boltOpts); err != nil {
			return nil, err
		}
		e.db = db
	}
	if hadMark && e.meta.Seq < mark.Seq {
		db.Close()
		return nil, &DamageError{What: "last commits lost", From: e.meta.Seq + 1, To: mark.Seq,
			Detail: "the database ends before the last committed event (its newest meta page damaged?); restore a backup, or see docs/SECURITY-data.md"}
	}
	if e.mark, err = openMark(path, e.meta.Seq); err != nil {
		db.Close()
		return nil, fmt.Errorf("queue: commit mark: %w", err)
	}
	e.hub = newHub(opt.SubscriberBuffer, e.meta.Seq)
	e.c = newCommitter(db, e.meta.Seq, e.hub.publish, e.log)
	e.c.mark = e.mark
	go e.c.run()
	e.log.Info("queue restored", "seq", e.meta.Seq, "day", e.meta.Day, "live", len(e.live))
	return e, nil
}

// Close stops accepting work, waits for pending commits, ends every
// subscription and closes the database.
func (e *Engine) Close() error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil
	}
	e.closed = true
	e.mu.Unlock()
	e.c.close()
	e.hub.close()
	if err := e.db.Close(); err != nil {
		return err
	}
	if e.c.err() != nil {
		return e.mark.f.Close() // not clean: the next start verifies
	}
	return e.mark.close(e.path, e.c.stats().Seq)
}

// Hall returns the hall model the engine runs.
func (e *Engine) Hall() *hall.Hall { return e.hall }

// Err returns the commit error that stopped the engine, or nil.
func (e *Engine) Err() error { return e.c.err() }

// Failed is closed when a commit fails; the daemon should exit then.
func (e *Engine) Failed() <-chan struct{} { return e.c.failedCh }

// Stats are counters for monitoring and benchmarks.
type Stats struct {
	Seq     uint64 // last committed event
	Commits uint64 // bbolt transactions (each one fsync)
	Events  uint64 // events committed since start
}

// Stats returns the engine's counters.
func (e *Engine) Stats() Stats { return e.c.stats() }

// begin locks the engine and starts a change at the current time. It rolls
// the hall over to a new day first when the clock says so. The caller must
// call e.finish.
func (e *Engine) begin() (*change, error) {
	return e.beginAt(false)
}

// beginAt is begin; anyClock lets a change that needs no trusted clock
// through while the clock is refused (a device's health: screens must show
// a missing printer even before NTP), with no rollover and stamped with the
// last event's time, so an untrusted clock moves nothing forward.
func (e *Engine) beginAt(anyClock bool) (*change, error) {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil, ErrClosed
	}
	if err := e.c.err(); err != nil {
		e.mu.Unlock()
		return nil, refuse(ErrUnavailable, "storage_failed", "系统存储故障，请联系管理员")
	}
	c := &change{e: e, at: e.now().In(e.hall.Location)} // events show hall-local times
	if err := e.clockRefusal(c.at); err != nil {
		if !anyClock {
			e.mu.Unlock()
			return nil, err
		}
		if !e.meta.LastAt.IsZero() {
			c.at = e.meta.LastAt
		}
		return c, nil
	}
	c.at = e.monotonic(c.at)
	e.rollover(c)
	return c, nil
}

// clockRefusal says why the clock reading t cannot be used now, or nil. It
// logs when the engine starts and stops waiting for synchronisation: Tick
// hits it every few seconds, so once each.
func (e *Engine) clockRefusal(t time.Time) error {
	unsynced := e.unsynced(t)
	if unsynced != e.waiting {
		e.waiting = unsynced
		if unsynced {
			e.log.Warn("waiting for a synchronised clock before a new day", "clock", t, "day", e.meta.Day, "last_event", e.meta.LastAt)
		} else {
			e.log.Info("clock usable again", "clock", t)
		}
	}
	if unsynced {
		return errUnsynced()
	}
	if !e.trusted(t) {
		return errUntrusted()
	}
	today := e.hall.Day(t)
	jumped := e.jumpedAhead(today)
	if jumped != e.jumped {
		e.jumped = jumped
		if jumped {
			e.log.Warn("the clock is far ahead of the last day: waiting for an operator to confirm (POST /api/v1/admin/clock/confirm or -confirm-day)",
				"clock", t, "day", e.meta.Day, "last_event", e.meta.LastAt)
		}
	}
	if jumped {
		return errClockJump(e.meta.Day, today)
	}
	return nil
}

// unsynced reports whether t must not be used until the clock is
// synchronised: fake-hwclock restores the time of the last shutdown, so an
// unsynchronised clock may carry on from yesterday, and may even run
// behind the last event. Only a time within the last committed day, not
// earlier than its last event, is usable then. A new database waits too:
// it has nothing to compare with.
func (e *Engine) unsynced(t time.Time) bool {
	if e.synced == nil || e.synced() {
		return false
	}
	return e.meta.Day == "" || t.Before(e.meta.LastAt) || e.hall.Day(t) != e.meta.Day
}

// trusted reports whether t can be used to stamp events and pick the day.
func (e *Engine) trusted(t time.Time) bool {
	if t.Before(trustFloor) {
		return false
	}
	return e.meta.Day == "" || e.hall.Day(t) >= e.meta.Day
}

// finish submits the change (if it changed anything), unlocks and waits for the
// commit. It returns verr if the verb failed, else the commit's error.
func (e *Engine) finish(c *change, verr error) error {
	var req *commitReq
	if len(c.events) > 0 || len(c.sessPut) > 0 || len(c.sessDel) > 0 || len(c.holidays) > 0 || len(c.agents) > 0 || len(c.purged) > 0 || len(c.records) > 0 {
		req = c.request()
		e.c.enqueue(req)
	}
	e.mu.Unlock()
	if req != nil {
		if err := <-req.done; err != nil {
			return refuse(ErrUnavailable, "storage_failed", "系统存储故障，请联系管理员")
		}
	}
	return verr
}

// read runs f under the lock and then waits until everything f could have
// seen is committed, so readers never see a change that may still be lost.
func (e *Engine) read(f func()) error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return ErrClosed
	}
	f()
	seq := e.meta.Seq
	e.mu.Unlock()
	if err := e.c.waitCommitted(seq); err != nil {
		return refuse(ErrUnavailable, "storage_failed", "系统存储故障，请联系管理员")
	}
	return nil
}
