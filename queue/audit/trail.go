package audit

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"halld/queue"
	"halld/queue/hall"
)

// Domain is the origin notes' records domain.
const Domain = "audit"

// Note is the origin of one successful change request, noted by the API.
type Note struct {
	At     time.Time `json:"at"`
	Staff  string    `json:"staff,omitempty"` // the session's; the login's staff for a login
	Role   string    `json:"role,omitempty"`  // the session's
	Action string    `json:"action"`          // "POST /api/v1/windows/{number}/{verb}"
	From   uint64    `json:"from"`            // the log's last seq when the request began
	To     uint64    `json:"to"`              // and when it ended
	Origin
}

// maxPending bounds the notes waiting for Flush while writes fail (the
// clock not trusted, the disk full): older ones are dropped first.
const maxPending = 10000

// MaxEntries bounds one read of the trail.
const MaxEntries = 50000

// Trail reads the audit trail of one engine and keeps the origin notes.
type Trail struct {
	e   *queue.Engine
	h   *hall.Hall
	log *slog.Logger
	now func() time.Time

	mu      sync.Mutex
	pending []Note
	n       uint64 // keys of this run's notes
}

// New returns the trail of e. log may be nil; now is the engine's clock
// (nil: time.Now), which stamps the notes.
func New(e *queue.Engine, log *slog.Logger, now func() time.Time) *Trail {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if now == nil {
		now = time.Now
	}
	return &Trail{e: e, h: e.Hall(), log: log, now: now}
}

// Seq is the log's last committed sequence number (a note's From and To).
func (t *Trail) Seq() uint64 { return t.e.Stats().Seq }

// Add keeps a note until the next Flush; a note without a time is
// stamped now.
func (t *Trail) Add(n Note) {
	if n.At.IsZero() {
		n.At = t.now()
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.pending) >= maxPending {
		t.pending = t.pending[1:]
	}
	t.pending = append(t.pending, n)
}

// Flush stores the pending notes in one transaction.
func (t *Trail) Flush() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.pending) == 0 {
		return nil
	}
	n := t.n
	err := t.e.Update(func(r *queue.Rec) error {
		for _, note := range t.pending {
			n++
			if err := r.Put(Domain, t.key(note, n), note); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("audit: flush %d notes: %w", len(t.pending), err)
	}
	t.pending, t.n = nil, n
	return nil
}

// key sorts notes by their day first, so a read stops past its range.
func (t *Trail) key(n Note, i uint64) string {
	return fmt.Sprintf("%s/%019d/%d", t.h.Day(n.At), n.At.UnixNano(), i)
}

// Run flushes every interval until ctx ends, then once more.
func (t *Trail) Run(done <-chan struct{}, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-done:
			if err := t.Flush(); err != nil {
				t.log.Warn("audit notes not stored", "err", err)
			}
			return
		case <-tick.C:
			if err := t.Flush(); err != nil {
				t.log.Warn("audit notes not stored yet", "err", err)
			}
		}
	}
}

var errStop = errors.New("stop")

// notes returns the notes of the hall days from…to, stored and pending.
func (t *Trail) notes(from, to string) ([]Note, error) {
	var out []Note
	err := t.e.LoadRecords(Domain, func(key string, raw []byte) error {
		day, _, _ := strings.Cut(key, "/")
		if day < from {
			return nil
		}
		if day > to {
			return errStop
		}
		var n Note
		if err := json.Unmarshal(raw, &n); err != nil {
			return fmt.Errorf("audit: note %s: %w", key, err)
		}
		out = append(out, n)
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return nil, err
	}
	t.mu.Lock()
	for _, n := range t.pending {
		if d := t.h.Day(n.At); d >= from && d <= to {
			out = append(out, n)
		}
	}
	t.mu.Unlock()
	return out, nil
}

// Entries returns the trail of the hall days from…to (YYYY-MM-DD,
// inclusive), oldest first; truncated says MaxEntries cut it short.
func (t *Trail) Entries(from, to string) (list []Entry, truncated bool, err error) {
	if from > to {
		return nil, false, &queue.Error{Kind: queue.ErrBadInput, Code: "bad_range", Message: "起始日期晚于结束日期"}
	}
	notes, err := t.notes(from, to)
	if err != nil {
		return nil, false, err
	}
	start, err := t.firstSeqOn(from)
	if err != nil {
		return nil, false, err
	}
	used := make([]bool, len(notes))
	bySeq := map[uint64][]int{} // the notes whose request was running when an event committed
	for i, n := range notes {
		for q := n.From + 1; q <= n.To && q <= n.From+1000; q++ {
			bySeq[q] = append(bySeq[q], i)
		}
	}
	for after := start; ; {
		evs, err := t.e.ReadEvents(after, 512)
		if err != nil {
			return nil, false, err
		}
		for _, ev := range evs {
			after = ev.Seq
			if t.h.Day(ev.At) > to {
				evs = nil
				break
			}
			en, ok := fromEvent(ev)
			if !ok {
				continue
			}
			for _, i := range bySeq[ev.Seq] {
				n := notes[i]
				if n.Staff == en.Actor || (en.bySource && en.Actor == n.Role) {
					// A notice or a holiday table names only the role
					// ("admin"): the request says which admin.
					en.Actor, en.Origin, used[i] = n.Staff, n.Origin, true
					break
				}
			}
			list = append(list, t.named(en))
			if len(list) >= MaxEntries {
				return list, true, nil
			}
		}
		if len(evs) < 512 {
			break
		}
	}
	for i, n := range notes { // changes that committed no event
		if !used[i] {
			en := Entry{At: n.At, Actor: n.Staff, Action: n.Action, What: whats[n.Action], Origin: n.Origin}
			if en.What == "" {
				en.What = n.Action
			}
			list = append(list, t.named(en))
		}
	}
	slices.SortStableFunc(list, func(a, b Entry) int { return a.At.Compare(b.At) })
	return list, len(list) >= MaxEntries, nil
}

func (t *Trail) named(en Entry) Entry {
	if s := t.h.StaffByID(en.Actor); s != nil {
		en.ActorName, en.Role = s.Name, s.Role
	} else if strings.HasPrefix(en.Actor, "api:") {
		en.Role = queue.RoleSystem
	}
	return en
}

// firstSeqOn finds, by binary search of the log, the last event before
// the hall day (so reading after it starts on that day).
func (t *Trail) firstSeqOn(day string) (uint64, error) {
	lo, hi := uint64(0), t.e.Stats().Seq // events lo+1… are candidates
	for lo < hi {
		mid := lo + (hi-lo+1)/2
		evs, err := t.e.ReadEvents(mid-1, 1)
		if err != nil {
			return 0, err
		}
		if len(evs) == 0 || t.h.Day(evs[0].At) >= day {
			hi = mid - 1
		} else {
			lo = mid
		}
	}
	return lo, nil
}
