package queue

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Backup writes a consistent copy of the whole database to w while the
// engine runs (a bbolt read transaction: writers are not blocked). The copy
// is a database file halld can open.
func (e *Engine) Backup(w io.Writer) (int64, error) {
	var n int64
	err := e.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if errors.Is(err, bolt.ErrDatabaseNotOpen) {
		err = ErrClosed
	}
	return n, err
}

// Check opens the database file at path read-only and verifies it: the
// page structure (bbolt's consistency check) and that it holds a hall
// state this engine can restore. It is for restore and for a start-up
// after a crash of the disk rather than of the process.
func Check(path string) error {
	if _, err := os.Stat(path); err != nil {
		return err
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return fmt.Errorf("%w: %s", ErrInUse, path)
		}
		return fmt.Errorf("%w: %s: %v", ErrCorrupt, path, err)
	}
	defer db.Close()
	return db.View(func(tx *bolt.Tx) error {
		var first error
		for err := range tx.Check() { // drain: the checker sends every error
			if first == nil {
				first = err
			}
		}
		if first != nil {
			return fmt.Errorf("%w: %s: %v", ErrCorrupt, path, first)
		}
		if tx.Bucket(bMeta) == nil || tx.Bucket(bEvents) == nil {
			return fmt.Errorf("%w: %s is not a halld database", ErrCorrupt, path)
		}
		return nil
	})
}
