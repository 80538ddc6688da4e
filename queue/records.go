package queue

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"halld/queue/workday"
)

// Records let a part of the hall that lives beside the engine (alerts,
// complaints, attendance, appointments…, each in its own package) keep its
// records in the hall's database and its events in the hall's log, with the
// engine's guarantees: one verb is one transaction, its events are numbered
// without gaps in the one log, and it is acknowledged only after the fsync.
//
// A domain keeps what its verbs read in memory, loaded once at start-up
// with LoadRecords, and changes it only inside Update, which runs under the
// engine lock, so a domain's verbs are serialised with every other change.
// Records are JSON; each domain has its own bucket ("x.<domain>"), which
// Check verifies like the engine's own. Events are named "<domain>.<what>"
// and carry the domain's own payload: Event.Decode of such an event yields
// an empty EventData, and the engine's statistics do not count them.

// ErrDomain means a domain or event name is not of the allowed form.
var ErrDomain = errors.New("queue: bad domain or event name")

var domainName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)

// domainPrefix marks the buckets of domains beside the engine.
const domainPrefix = "x."

// engineDomains are the event prefixes the engine's own events use.
var engineDomains = map[string]bool{"ticket": true, "window": true, "day": true, "case": true,
	"device": true, "followup": true, "hall": true, "holidays": true}

func domainBucket(domain string) ([]byte, error) {
	if !domainName.MatchString(domain) || engineDomains[domain] {
		return nil, fmt.Errorf("%w: domain %q", ErrDomain, domain)
	}
	return []byte(domainPrefix + domain), nil
}

// Rec is one change by a domain beside the engine, open inside Update.
type Rec struct {
	c    *change
	puts []kv
}

// At is the change's time, in the hall's zone: stamp records with it, not
// with the wall clock, so the log and the records agree.
func (r *Rec) At() time.Time { return r.c.at }

// Day is the hall day of At (YYYY-MM-DD).
func (r *Rec) Day() string { return r.c.e.hall.Day(r.c.at) }

// Emit appends an event named "<domain>.<what>" whose data is payload as
// JSON, and returns its sequence number. Subscribers (screens, the centre
// link) see it once it is committed.
func (r *Rec) Emit(typ string, payload any) (uint64, error) {
	domain, what, ok := strings.Cut(typ, ".")
	if !ok || !domainName.MatchString(domain) || engineDomains[domain] || !domainName.MatchString(what) {
		return 0, fmt.Errorf("%w: event type %q (want domain.what)", ErrDomain, typ)
	}
	data, err := json.Marshal(payload)
	if err != nil {
		return 0, fmt.Errorf("queue: event %s: %w", typ, err)
	}
	return r.c.appendEvent(typ, data).Seq, nil
}

// Put stores v (as JSON) under key in the domain's bucket.
func (r *Rec) Put(domain, key string, v any) error {
	b, err := domainBucket(domain)
	if err != nil {
		return err
	}
	if key == "" {
		return fmt.Errorf("%w: empty key in %s", ErrDomain, domain)
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("queue: record %s/%s: %w", domain, key, err)
	}
	r.puts = append(r.puts, kv{b, []byte(key), raw})
	return nil
}

// Delete removes key from the domain's bucket.
func (r *Rec) Delete(domain, key string) error {
	b, err := domainBucket(domain)
	if err != nil {
		return err
	}
	r.puts = append(r.puts, kv{b, []byte(key), nil})
	return nil
}

// Seal encrypts personal data (a complainant's phone, say) with the hall's
// key file, bound to label (use the record's domain and key), so the
// database and its backups alone do not reveal it.
func (r *Rec) Seal(plain, label string) []byte {
	return r.c.e.keys.seal([]byte(plain), domainPrefix+label)
}

// Unseal decrypts what Seal made for label.
func (e *Engine) Unseal(sealed []byte, label string) (string, error) {
	p, err := e.keys.open(sealed, domainPrefix+label)
	return string(p), err
}

// HashID is the keyed hash of an identifier that must be matched but not
// kept (an ID number): equal inputs hash equal in this hall only.
func (e *Engine) HashID(s string) string { return e.keys.hash(s) }

// Update runs fn under the engine lock as one change: what fn emits and
// puts is committed in one transaction, and Update returns after the fsync.
// When fn returns an error nothing of fn's is written and that error is
// returned; a domain must then leave its memory as it was (check first,
// then change). Update refuses, like every verb, while the clock is not
// trusted.
func (e *Engine) Update(fn func(r *Rec) error) error {
	c, err := e.begin()
	if err != nil {
		return err
	}
	r := &Rec{c: c}
	seq, lastAt, n := e.meta.Seq, e.meta.LastAt, len(c.events)
	if err := fn(r); err != nil {
		// A rollover begin made is the engine's and is kept; the domain's
		// events are taken back with their numbers.
		e.meta.Seq, e.meta.LastAt, c.events = seq, lastAt, c.events[:n]
		return e.finish(c, err)
	}
	c.records = append(c.records, r.puts...)
	return e.finish(c, nil)
}

// LoadRecords calls fn for every committed record of domain, in key order.
// Domains call it once at start-up to fill their memory.
func (e *Engine) LoadRecords(domain string, fn func(key string, raw []byte) error) error {
	b, err := domainBucket(domain)
	if err != nil {
		return err
	}
	return guardTx(e.db.View, func(tx *bolt.Tx) error {
		bk := tx.Bucket(b)
		if bk == nil {
			return nil
		}
		return bk.ForEach(func(k, v []byte) error { return fn(string(k), v) })
	})
}

// Calendar is the hall's working-day calendar (the built-in holiday tables
// and those loaded since): domains count their deadlines in it, as cases
// and follow-ups do. It is safe for concurrent use.
func (e *Engine) Calendar() *workday.Calendar { return e.cal }
