package queue

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Buckets. events: seq → Event (the full history). tickets: id → Ticket.
// live: ids of live tickets. days: day|order|id → id (tickets per day).
// windows: number → Window. sessions: token hash → session. meta: one record.
var (
	bEvents    = []byte("events")
	bTickets   = []byte("tickets")
	bLive      = []byte("live")
	bDays      = []byte("days")
	bWindows   = []byte("windows")
	bSessions  = []byte("sessions")
	bMeta      = []byte("meta")
	bCases     = []byte("cases")     // number → Case (all of them)
	bCaseLive  = []byte("caselive")  // numbers kept in memory: open, or finished this month
	bHolidays  = []byte("holidays")  // year → a holiday table the admin loaded
	bFollowUps = []byte("followups") // ticket id → FollowUp of a 差评
	bAgents    = []byte("agents")    // board → its agent's last press (exactly-once delivery)
	keyMeta    = []byte("meta")
	keyAvg     = []byte("avg") // in meta: learned service seconds, written when they change
	allBuckets = [][]byte{bEvents, bTickets, bLive, bDays, bWindows, bSessions, bMeta, bCases, bCaseLive, bHolidays, bStats, bFollowUps, bAgents}
)

// ErrCorrupt means the database does not hold a consistent hall state;
// ErrInUse that another halld has it open.
var (
	ErrCorrupt = errors.New("queue: database inconsistent")
	ErrInUse   = errors.New("queue: database in use by another halld")
)

func seqKey(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }

func windowKey(n int) []byte { return binary.BigEndian.AppendUint32(nil, uint32(n)) }

func dayKey(day string, order int64, id string) []byte {
	k := append([]byte(day), '|')
	k = binary.BigEndian.AppendUint64(k, uint64(order))
	return append(k, id...)
}

// restore loads the current state: meta, windows, sessions and live
// tickets. History, including today's finished tickets, is not read.
func (e *Engine) restore() error {
	return guardTx(e.db.Update, func(tx *bolt.Tx) error {
		for _, b := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return fmt.Errorf("queue: create bucket %s: %w", b, err)
			}
		}
		if raw := tx.Bucket(bMeta).Get(keyMeta); raw != nil {
			if err := json.Unmarshal(raw, &e.meta); err != nil {
				return fmt.Errorf("%w: meta: %v", ErrCorrupt, err)
			}
		} else {
			e.meta = meta{NextOrder: 1 << 16}
			raw, _ := json.Marshal(e.meta)
			if err := tx.Bucket(bMeta).Put(keyMeta, raw); err != nil {
				return err
			}
		}
		if len(e.meta.Secret) > 0 {
			if err := e.migratePersonal(tx); err != nil {
				return err
			}
		}
		if e.meta.Counters == nil {
			e.meta.Counters = map[string]int{}
		}
		if e.meta.Issued == nil {
			e.meta.Issued = map[string]int{}
		}
		if raw := tx.Bucket(bMeta).Get(keyAvg); raw != nil {
			if err := json.Unmarshal(raw, &e.avg); err != nil {
				return fmt.Errorf("%w: learned service times: %v", ErrCorrupt, err)
			}
		}
		last, _ := tx.Bucket(bEvents).Cursor().Last()
		var lastSeq uint64
		if last != nil {
			lastSeq = binary.BigEndian.Uint64(last)
		}
		if lastSeq != e.meta.Seq {
			return fmt.Errorf("%w: last event is %d but meta says %d", ErrCorrupt, lastSeq, e.meta.Seq)
		}
		if err := tx.Bucket(bWindows).ForEach(func(k, v []byte) error {
			var w Window
			if err := json.Unmarshal(v, &w); err != nil {
				return fmt.Errorf("%w: window %x: %v", ErrCorrupt, k, err)
			}
			if e.hall.WindowByNumber(w.Number) != nil {
				e.windows[w.Number] = &w
			}
			return nil
		}); err != nil {
			return err
		}
		if err := tx.Bucket(bSessions).ForEach(func(k, v []byte) error {
			var s session
			if err := json.Unmarshal(v, &s); err != nil {
				return fmt.Errorf("%w: session: %v", ErrCorrupt, err)
			}
			e.sessions[s.Hash] = &s
			return nil
		}); err != nil {
			return err
		}
		tickets := tx.Bucket(bTickets)
		load := func(id []byte) error {
			if _, ok := e.tickets[string(id)]; ok {
				return nil
			}
			raw := tickets.Get(id)
			if raw == nil {
				return fmt.Errorf("%w: ticket %s indexed but missing", ErrCorrupt, id)
			}
			var t Ticket
			if err := json.Unmarshal(raw, &t); err != nil {
				return fmt.Errorf("%w: ticket %s: %v", ErrCorrupt, id, err)
			}
			e.tickets[t.ID] = &t
			return nil
		}
		if err := tx.Bucket(bLive).ForEach(func(k, _ []byte) error { return load(k) }); err != nil {
			return err
		}
		// Only live tickets: a finished one of today is read back when it is
		// rated (evaluate), and the learned service times are in meta.
		// Loading all of a busy day's tickets (12,000 in the year bench)
		// made a restart read that many scattered pages: 1.9 s after a
		// reboot, and ~100 MiB of them mapped.
		e.index()
		if e.meta.Day != "" {
			s, err := loadDayStats(tx, e.meta.Day)
			if err != nil {
				return err
			}
			e.stats = s
		}
		if err := tx.Bucket(bHolidays).ForEach(func(k, v []byte) error {
			if _, err := e.cal.Load(v); err != nil {
				return fmt.Errorf("%w: holiday table %s: %v", ErrCorrupt, k, err)
			}
			return nil
		}); err != nil {
			return err
		}
		if err := tx.Bucket(bAgents).ForEach(func(k, v []byte) error {
			var a agentRecord
			if err := json.Unmarshal(v, &a); err != nil {
				return fmt.Errorf("%w: agent %s: %v", ErrCorrupt, k, err)
			}
			e.agents[a.Board] = &a
			return nil
		}); err != nil {
			return err
		}
		if err := tx.Bucket(bFollowUps).ForEach(func(k, v []byte) error {
			var f FollowUp
			if err := json.Unmarshal(v, &f); err != nil {
				return fmt.Errorf("%w: follow-up %s: %v", ErrCorrupt, k, err)
			}
			if f.State != FollowClosed {
				e.follow[f.Ticket] = &f
			}
			return nil
		}); err != nil {
			return err
		}
		cases := tx.Bucket(bCases)
		return tx.Bucket(bCaseLive).ForEach(func(k, _ []byte) error {
			raw := cases.Get(k)
			if raw == nil {
				return fmt.Errorf("%w: case %s indexed but missing", ErrCorrupt, k)
			}
			c, _, err := e.decodeCase(raw)
			if errors.Is(err, ErrKey) {
				return err
			}
			if err != nil {
				return fmt.Errorf("%w: case %s: %v", ErrCorrupt, k, err)
			}
			e.cases[c.Number] = c
			return nil
		})
	})
}

// storedCase reads a case from the database: nil when there is none. An
// unreadable record is an error (ErrCorrupt, or ErrKey without the key),
// never "no such case": that would let a new case take its number.
func (e *Engine) storedCase(number string) (*Case, error) {
	var k *Case
	err := viewDB(e.db, func(tx *bolt.Tx) error {
		raw := tx.Bucket(bCases).Get([]byte(number))
		if raw == nil {
			return nil
		}
		var err error
		if k, _, err = e.decodeCase(raw); err != nil && !errors.Is(err, ErrKey) {
			err = fmt.Errorf("%w: case %s: %v", ErrCorrupt, number, err)
		}
		return err
	})
	return k, err
}

// stored reads one JSON record from a bucket: nil when it is absent, an
// ErrCorrupt error when it is unreadable.
func stored[T any](db *bolt.DB, bucket []byte, key string) (*T, error) {
	var v *T
	err := viewDB(db, func(tx *bolt.Tx) error {
		if raw := tx.Bucket(bucket).Get([]byte(key)); raw != nil {
			v = new(T)
			if err := json.Unmarshal(raw, v); err != nil {
				return fmt.Errorf("%w: %s %s: %v", ErrCorrupt, bucket, key, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// index rebuilds the derived in-memory structures from e.tickets.
func (e *Engine) index() {
	for _, t := range e.tickets {
		if t.State == Waiting {
			e.enqueue(t)
		}
		if t.State.Live() {
			e.live[t.Number] = t
			if t.IDHash != "" {
				e.byID[t.Service+"|"+t.IDHash] = t.ID
			}
		}
	}
}

// ReadEvents returns up to max committed events with seq > after, in order.
// The log must hold them without a gap: a missing or unreadable event is a
// *DamageError naming the range that cannot be served, never a silent skip
// (a damaged branch page can hide a run of keys from the cursor); the
// events before it are returned with the error.
func (e *Engine) ReadEvents(after uint64, max int) (out []Event, err error) {
	committed := e.c.stats().Seq // every event up to it is in the transaction below
	want := after + 1
	defer pageGuard(&err, func(d string) error { return logDamage(want, committed, d) })
	err = e.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bEvents).Cursor()
		for k, v := c.Seek(seqKey(want)); k != nil && len(out) < max; k, v = c.Next() {
			ev, err := readLogEntry(k, v, want)
			if err != nil {
				return err
			}
			out = append(out, ev)
			want++
		}
		return nil
	})
	if err == nil && len(out) < max && want <= committed {
		err = logDamage(want, committed, "missing from the log")
	}
	if errors.Is(err, bolterrors.ErrDatabaseNotOpen) {
		err = ErrClosed
	}
	return out, err
}

// ticketFromStore reads a ticket of an earlier day from the database.
func (e *Engine) ticketFromStore(id string) (TicketView, error) {
	var t *Ticket
	err := viewDB(e.db, func(tx *bolt.Tx) error {
		raw := tx.Bucket(bTickets).Get([]byte(id))
		if raw == nil {
			return nil
		}
		t = new(Ticket)
		return json.Unmarshal(raw, t)
	})
	if err != nil {
		return TicketView{}, fmt.Errorf("%w: ticket %s: %v", ErrCorrupt, id, err)
	}
	if t == nil {
		return TicketView{}, errNoTicket()
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.view(t), nil
}

// dayTickets reads a day's tickets (memory first: the live ones and those
// touched since the start). A ticket indexed but missing or unreadable is
// an ErrCorrupt error, not a ticket left out of what the caller counts.
func (e *Engine) dayTickets(day string) ([]*Ticket, error) {
	var out []*Ticket
	err := viewDB(e.db, func(tx *bolt.Tx) error {
		c := tx.Bucket(bDays).Cursor()
		prefix := []byte(day + "|")
		tickets := tx.Bucket(bTickets)
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if t := e.tickets[string(v)]; t != nil {
				out = append(out, t)
				continue
			}
			raw := tickets.Get(v)
			if raw == nil {
				return fmt.Errorf("%w: ticket %s indexed on %s but missing", ErrCorrupt, v, day)
			}
			var t Ticket
			if err := json.Unmarshal(raw, &t); err != nil {
				return fmt.Errorf("%w: ticket %s: %v", ErrCorrupt, v, err)
			}
			out = append(out, &t)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
