package queue

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// caseRecord is a case as stored: its applicant (name, ID number, phone)
// sealed with the key file's AES-GCM key, so the database and its backups
// hold no applicant in clear. Applicant is only ever read: a record written
// before sealing (migrated at the next start).
type caseRecord struct {
	Case
	Applicant *Applicant `json:"applicant,omitempty"`
	Sealed    []byte     `json:"sealed_applicant,omitempty"`
}

// encodeCase is the stored form of k.
func (e *Engine) encodeCase(k *Case) []byte {
	plain, _ := json.Marshal(k.Applicant)
	raw, err := json.Marshal(caseRecord{Case: *k, Sealed: e.keys.seal(plain, "case|"+k.Number)})
	if err != nil {
		panic(err) // Case has only marshalable fields
	}
	return raw
}

// decodeCase reads a stored case; legacy says its applicant was in clear.
func (e *Engine) decodeCase(raw []byte) (k *Case, legacy bool, err error) {
	var r caseRecord
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, false, err
	}
	k = &r.Case
	switch {
	case r.Sealed != nil:
		plain, err := e.keys.open(r.Sealed, "case|"+k.Number)
		if err != nil {
			return nil, false, fmt.Errorf("%w: case %s cannot be unsealed: %v", ErrKey, k.Number, err)
		}
		if err := json.Unmarshal(plain, &k.Applicant); err != nil {
			return nil, false, err
		}
	case r.Applicant != nil:
		k.Applicant, legacy = *r.Applicant, true
	}
	return k, legacy, nil
}

// migratePersonal brings a database written before the key file up to
// date, once, inside restore's transaction: the HMAC key leaves the meta
// record; stored ID numbers keep only their last four characters and lose
// their hash (made with the old key, which old backups hold: a live
// ticket of the day of the upgrade is no longer checked for a duplicate);
// case applicants are sealed.
func (e *Engine) migratePersonal(tx *bolt.Tx) error {
	type put struct{ b, k, v []byte }
	var puts []put
	tickets := tx.Bucket(bTickets)
	if err := tickets.ForEach(func(k, v []byte) error {
		var t Ticket
		if err := json.Unmarshal(v, &t); err != nil {
			return fmt.Errorf("%w: ticket %s: %v", ErrCorrupt, k, err)
		}
		if t.IDHash == "" && t.IDMasked == "" {
			return nil
		}
		t.IDHash, t.IDMasked = "", MaskID(t.IDMasked) // the old mask's last four are the number's
		raw, _ := json.Marshal(t)
		puts = append(puts, put{bTickets, append([]byte(nil), k...), raw})
		return nil
	}); err != nil {
		return err
	}
	if err := tx.Bucket(bCases).ForEach(func(k, v []byte) error {
		c, legacy, err := e.decodeCase(v)
		if err != nil {
			return fmt.Errorf("%w: case %s: %v", ErrCorrupt, k, err)
		}
		if legacy {
			puts = append(puts, put{bCases, append([]byte(nil), k...), e.encodeCase(c)})
		}
		return nil
	}); err != nil {
		return err
	}
	for _, p := range puts {
		if err := tx.Bucket(p.b).Put(p.k, p.v); err != nil {
			return err
		}
	}
	e.meta.Secret = nil
	e.migrated = true
	raw, _ := json.Marshal(e.meta)
	e.log.Warn("personal data migrated: ID numbers cut to their last four, case applicants sealed, the key moved out of the database",
		"records", len(puts))
	return tx.Bucket(bMeta).Put(keyMeta, raw)
}

// compactInPlace rewrites the database at path with only its live pages,
// and reopens it: bbolt keeps the old copies of rewritten pages (the clear
// text the migration replaced) in free pages, and a backup copies those.
// db is closed; the new file is synced before it replaces the old.
func compactInPlace(db *bolt.DB, path string, opts *bolt.Options) (*bolt.DB, error) {
	tmp := path + ".compact"
	os.Remove(tmp)
	dst, err := bolt.Open(tmp, 0o600, nil)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("queue: compact: %w", err)
	}
	err = bolt.Compact(dst, db, 64<<20) // each transaction synced by bbolt
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	db.Close()
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return nil, fmt.Errorf("queue: compact: %w", err)
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return bolt.Open(path, 0o600, opts)
}
