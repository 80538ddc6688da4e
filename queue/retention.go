package queue

import (
	"bytes"
	"encoding/json"
	"time"

	bolt "go.etcd.io/bbolt"
)

// DefaultRetentionDays is how long halld keeps the personal data of a
// finished ticket or case: 180 days after the ticket's day or the case's
// 办结. It covers the 90 days a result waits to be collected, the 差评
// follow-up (回访 and 整改 within 15 working days), complaints about a
// service, and the half-year 考核 review. The official 办件 file lives in
// the approval system, not in halld, so halld needs the applicant no longer.
const DefaultRetentionDays = 180

// purgeBatch bounds the records one purge change rewrites: a first purge
// of years of history runs over many ticks instead of one huge commit.
const purgeBatch = 2000

// purgePersonal erases the personal data held beyond the retention period:
// the ID number's mask and hash of tickets of days before the cut-off, and
// the applicant (name, ID number, phone; the company stays) of cases
// finished before it. Called under the lock by rollover, so every tick:
// it does nothing once caught up, and the cases are scanned once a day.
func (e *Engine) purgePersonal(c *change) {
	days := e.retention
	if days <= 0 {
		return
	}
	cutoff := e.hall.Day(c.at.AddDate(0, 0, -days)) // days before it are purged
	if e.meta.PurgedTickets < cutoff {
		e.purgeTickets(c, cutoff)
	}
	if e.meta.PurgedCases < e.meta.Day {
		e.purgeCases(c, c.at.AddDate(0, 0, -days))
		e.meta.PurgedCases = e.meta.Day
	}
}

// purgeTickets clears the ID fields of tickets of days before cutoff, from
// the day after meta.PurgedTickets, at most purgeBatch records a change.
func (e *Engine) purgeTickets(c *change, cutoff string) {
	n, done := 0, cutoff
	viewDB(e.db, func(tx *bolt.Tx) error {
		cur, tickets := tx.Bucket(bDays).Cursor(), tx.Bucket(bTickets)
		k, id := cur.First()
		if e.meta.PurgedTickets != "" {
			k, id = cur.Seek([]byte(e.meta.PurgedTickets + "}")) // '}' sorts after '|': the next day
		}
		for ; k != nil; k, id = cur.Next() {
			day, _, _ := bytes.Cut(k, []byte("|"))
			if string(day) >= cutoff {
				break
			}
			if n >= purgeBatch {
				done = string(day) // this day and later: next tick
				break
			}
			var t Ticket
			raw := tickets.Get(id)
			if raw == nil || json.Unmarshal(raw, &t) != nil || t.State.Live() || (t.IDHash == "" && t.IDMasked == "") {
				continue
			}
			t.IDHash, t.IDMasked = "", ""
			out, _ := json.Marshal(t)
			c.purged = append(c.purged, kv{bTickets, append([]byte(nil), id...), out})
			n++
		}
		return nil
	})
	// Purged through the day before done.
	if d, err := time.Parse(time.DateOnly, done); err == nil {
		e.meta.PurgedTickets = d.AddDate(0, 0, -1).Format(time.DateOnly)
	}
}

// purgeCases clears the applicant of cases finished before cutoff.
func (e *Engine) purgeCases(c *change, cutoff time.Time) {
	viewDB(e.db, func(tx *bolt.Tx) error {
		return tx.Bucket(bCases).ForEach(func(k, v []byte) error {
			var r caseRecord // the seal is opened only for those to purge
			if json.Unmarshal(v, &r) != nil || r.Purged || r.FinishedAt == nil || !r.FinishedAt.Before(cutoff) {
				return nil
			}
			if mem := e.cases[string(k)]; mem != nil { // still shown: change it in memory too
				mem.Applicant = Applicant{Company: mem.Applicant.Company}
				mem.Purged = true
				c.purged = append(c.purged, kv{bCases, append([]byte(nil), k...), e.encodeCase(mem)})
				return nil
			}
			k2, _, err := e.decodeCase(v)
			if err != nil {
				return nil // a damaged record: verification reports it
			}
			k2.Applicant = Applicant{Company: k2.Applicant.Company}
			k2.Purged = true
			c.purged = append(c.purged, kv{bCases, append([]byte(nil), k...), e.encodeCase(k2)})
			return nil
		})
	})
}
