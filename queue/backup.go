package queue

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Backup writes a consistent copy of the whole database to w while the
// engine runs (a bbolt read transaction: writers are not blocked). The copy
// is a database file halld can open. The database is verified first, in
// the same transaction (every page and record): a damaged one is refused
// with a *DamageError before a byte is written, so a backup never copies
// damage over the last good one.
//
// Commits wait while the copy is verified (bbolt's page check reads the
// live freelist, so a commit beside it would look like damage), not while
// it is written out: the read transaction keeps its snapshot.
func (e *Engine) Backup(w io.Writer) (int64, error) {
	var n int64
	e.c.writing.Lock()
	locked := true
	unlock := func() {
		if locked {
			locked = false
			e.c.writing.Unlock()
		}
	}
	defer unlock()
	err := e.db.View(func(tx *bolt.Tx) error {
		err := verify(tx)
		unlock()
		if err != nil {
			e.log.Error("backup refused: the database is damaged", "err", err)
			return err
		}
		n, err = tx.WriteTo(w)
		return err
	})
	if errors.Is(err, bolterrors.ErrDatabaseNotOpen) {
		err = ErrClosed
	}
	return n, err
}

// Check opens the database file at path read-only and verifies it: the
// page structure (bbolt's consistency check), that every record decodes
// and that the event log has no gap. It is for backup, restore and for a
// start-up after a crash of the disk rather than of the process.
func Check(path string) error {
	if _, err := os.Stat(path); err != nil {
		return err
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return fmt.Errorf("%w: %s", ErrInUse, path)
		}
		return fmt.Errorf("%w: %s: %v", ErrCorrupt, path, err)
	}
	defer db.Close()
	return db.View(verify)
}

// CheckKey reports whether the key file at keyFile opens the personal data
// sealed in the database at path (ErrKey if not): restore checks it before
// putting a backup in place on a machine that may hold another hall's key.
// A database from before key files needs none.
func CheckKey(path, keyFile string) error {
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrCorrupt, path, err)
	}
	defer db.Close()
	if needsNewKey(db) {
		return nil
	}
	k, err := loadKeys(keyFile, false)
	if err != nil {
		return err
	}
	e := &Engine{keys: k}
	return viewDB(db, func(tx *bolt.Tx) error {
		return tx.Bucket(bCases).ForEach(func(_, v []byte) error {
			_, _, err := e.decodeCase(v)
			return err
		})
	})
}
