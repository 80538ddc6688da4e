package queue

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// DamageError is an ErrCorrupt that says what is damaged: for the event
// log, the range of sequence numbers that cannot be read (From..To; To is
// the last committed event when the damage runs to the end).
type DamageError struct {
	What     string // "event log", "page structure", "ticket …"
	From, To uint64 // event range, when What is the event log
	Detail   string
}

func (d *DamageError) Error() string {
	if d.From > 0 {
		return fmt.Sprintf("queue: database damaged: %s, events %d–%d: %s", d.What, d.From, d.To, d.Detail)
	}
	return fmt.Sprintf("queue: database damaged: %s: %s", d.What, d.Detail)
}

func (d *DamageError) Unwrap() error { return ErrCorrupt }

// logDamage is the DamageError of events from..to.
func logDamage(from, to uint64, detail string) *DamageError {
	if to < from {
		to = from
	}
	return &DamageError{What: "event log", From: from, To: to, Detail: detail}
}

// pageGuard turns a panic of bbolt on a damaged page (it panics on a page
// of the wrong type rather than returning an error) into a DamageError.
// Deferred by every reader that may walk damaged pages.
func pageGuard(err *error, damage func(detail string) error) {
	if r := recover(); r != nil {
		*err = damage(fmt.Sprint(r))
	}
}

// verify checks a whole database inside one read transaction: bbolt's page
// structure, then every value of every bucket decodes (what restore and the
// readers will need), and the event log holds every event 1..meta.seq, each
// under its own key. It reads every page of the file: a few seconds for a
// year of a busy hall.
func verify(tx *bolt.Tx) (err error) {
	defer pageGuard(&err, func(d string) error { return &DamageError{What: "page structure", Detail: d} })
	var first error
	for cerr := range tx.Check() { // drain: the checker sends every error
		if first == nil {
			first = cerr
		}
	}
	if first != nil {
		return &DamageError{What: "page structure", Detail: first.Error()}
	}
	for _, b := range [][]byte{bMeta, bEvents} {
		if tx.Bucket(b) == nil {
			return &DamageError{What: "buckets", Detail: "not a halld database (no " + string(b) + " bucket)"}
		}
	}
	var m meta
	if raw := tx.Bucket(bMeta).Get(keyMeta); raw != nil {
		if err := json.Unmarshal(raw, &m); err != nil {
			return &DamageError{What: "meta record", Detail: err.Error()}
		}
	}
	if err := verifyLog(tx, m.Seq); err != nil {
		return err
	}
	// Every other record is JSON of a known type; the indexes hold ids.
	records := []struct {
		bucket []byte
		into   func() any
	}{
		{bTickets, func() any { return new(Ticket) }},
		{bWindows, func() any { return new(Window) }},
		{bSessions, func() any { return new(session) }},
		{bCases, func() any { return new(caseRecord) }},
		{bFollowUps, func() any { return new(FollowUp) }},
		{bAgents, func() any { return new(agentRecord) }},
		{bStats, func() any { return new(Counts) }},
		{bHolidays, func() any { return new(json.RawMessage) }},
	}
	for _, r := range records {
		b := tx.Bucket(r.bucket)
		if b == nil {
			continue
		}
		if err := b.ForEach(func(k, v []byte) error {
			if err := json.Unmarshal(v, r.into()); err != nil {
				return &DamageError{What: fmt.Sprintf("%s record %q", r.bucket, k), Detail: err.Error()}
			}
			return nil
		}); err != nil {
			return err
		}
	}
	// Domains beside the engine keep JSON records in buckets of their own.
	if err := tx.ForEach(func(name []byte, b *bolt.Bucket) error {
		if !bytes.HasPrefix(name, []byte(domainPrefix)) {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			if v == nil || !json.Valid(v) {
				return &DamageError{What: fmt.Sprintf("%s record %q", name, k), Detail: "not JSON"}
			}
			return nil
		})
	}); err != nil {
		return err
	}
	if b := tx.Bucket(bMeta).Get(keyAvg); b != nil && !json.Valid(b) {
		return &DamageError{What: "learned service times", Detail: "not JSON"}
	}
	tickets := tx.Bucket(bTickets)
	for _, idx := range [][]byte{bLive, bDays} {
		b := tx.Bucket(idx)
		if b == nil || tickets == nil {
			continue
		}
		if err := b.ForEach(func(k, v []byte) error {
			id := v
			if string(idx) == string(bLive) {
				id = k
			}
			if tickets.Get(id) == nil {
				return &DamageError{What: fmt.Sprintf("%s index", idx), Detail: fmt.Sprintf("ticket %q indexed but missing", id)}
			}
			return nil
		}); err != nil {
			return err
		}
	}
	return nil
}

// verifyLog checks that the log holds exactly the events 1..last, each
// decodable and stored under its own sequence number.
func verifyLog(tx *bolt.Tx, last uint64) (err error) {
	want := uint64(1)
	defer pageGuard(&err, func(d string) error { return logDamage(want, last, d) })
	c := tx.Bucket(bEvents).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if _, err := readLogEntry(k, v, want); err != nil {
			return err
		}
		want++
	}
	if want <= last {
		return logDamage(want, last, "missing at the end of the log")
	}
	if want-1 > last {
		return logDamage(last+1, want-1, "events beyond the last committed one (meta rolled back?)")
	}
	return nil
}

// readLogEntry decodes one entry of the log, expected to be event want,
// from a copy of v (which lives only as long as its transaction).
func readLogEntry(k, v []byte, want uint64) (Event, error) {
	if len(k) != 8 {
		return Event{}, logDamage(want, want, fmt.Sprintf("bad key %x", k))
	}
	seq := binary.BigEndian.Uint64(k)
	if seq != want {
		if seq > want {
			return Event{}, logDamage(want, seq-1, "missing from the log")
		}
		return Event{}, logDamage(want, want, fmt.Sprintf("key %d out of order", seq))
	}
	ev, err := decodeStored(append([]byte(nil), v...))
	if err != nil {
		return Event{}, logDamage(seq, seq, err.Error())
	}
	if ev.Seq != seq {
		return Event{}, logDamage(seq, seq, fmt.Sprintf("stored under %d but says %d", seq, ev.Seq))
	}
	return ev, nil
}

// viewDB is db.View for the engine's readers: a panic of bbolt on a damaged
// page becomes a *DamageError instead of unwinding through the engine's
// lock (held by some readers), which would leave the hall hung.
func viewDB(db *bolt.DB, f func(*bolt.Tx) error) error { return guardTx(db.View, f) }

// guardTx runs f in a transaction of run (db.View, db.Update), a panic of
// bbolt on a damaged page returned as a *DamageError; bbolt rolls the
// transaction back as the panic passes.
func guardTx(run func(func(*bolt.Tx) error) error, f func(*bolt.Tx) error) (err error) {
	defer pageGuard(&err, func(d string) error { return &DamageError{What: "page structure", Detail: d} })
	return run(f)
}
