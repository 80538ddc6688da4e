// Package outbox is a satellite board's durable queue of presses (keypad
// evaluations, dispenser buttons) waiting to reach the hub.
//
// A press is committed to the board's own bbolt file (fsync on) before the
// device's driver is told it was taken, and leaves only when the hub has
// answered it. Presses are numbered 1, 2, 3… in the order they were made
// and under the outbox's random identity; the hub keeps the last number it
// applied per board, so a press sent twice (the answer was lost, the board
// lost power after the hub answered) takes effect once.
//
// Caveat: a re-imaged board gets a new identity and numbers from 1 again;
// its old file's presses are gone with it.
package outbox

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"halld/queue"
)

// ErrInUse means another process has the outbox open.
var ErrInUse = errors.New("outbox: in use by another process")

var (
	bPresses = []byte("presses") // seq → queue.Press (JSON)
	bMeta    = []byte("meta")
	keyID    = []byte("id")
)

// Outbox is a board's queue of presses. Its methods are safe for
// concurrent use.
type Outbox struct {
	db    *bolt.DB
	id    string
	mu    sync.Mutex
	ready chan struct{} // closed and replaced when a press is added
}

// Open opens (or creates) the outbox file at path.
func Open(path string) (*Outbox, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, fmt.Errorf("%w: %s", ErrInUse, path)
		}
		return nil, fmt.Errorf("outbox: open %s: %w", path, err)
	}
	o := &Outbox{db: db, ready: make(chan struct{})}
	err = db.Update(func(tx *bolt.Tx) error {
		if _, err := tx.CreateBucketIfNotExists(bPresses); err != nil {
			return err
		}
		m, err := tx.CreateBucketIfNotExists(bMeta)
		if err != nil {
			return err
		}
		if id := m.Get(keyID); id != nil {
			o.id = string(id)
			return nil
		}
		b := make([]byte, 8)
		rand.Read(b)
		o.id = hex.EncodeToString(b)
		return m.Put(keyID, []byte(o.id))
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("outbox: %s: %w", path, err)
	}
	return o, nil
}

// ID is the outbox's identity, sent with every press.
func (o *Outbox) ID() string { return o.id }

// Add numbers p, commits it and returns it as it will be sent.
func (o *Outbox) Add(p queue.Press) (queue.Press, error) {
	err := o.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bPresses)
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		p.Outbox, p.Seq = o.id, seq
		raw, err := json.Marshal(p)
		if err != nil {
			return err
		}
		return b.Put(binary.BigEndian.AppendUint64(nil, seq), raw)
	})
	if err != nil {
		return queue.Press{}, fmt.Errorf("outbox: add: %w", err)
	}
	o.mu.Lock()
	close(o.ready)
	o.ready = make(chan struct{})
	o.mu.Unlock()
	return p, nil
}

// Ready is closed when a press is added after the call.
func (o *Outbox) Ready() <-chan struct{} {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.ready
}

// Next returns the oldest press not yet answered; ok is false when there
// is none.
func (o *Outbox) Next() (p queue.Press, ok bool, err error) {
	err = o.db.View(func(tx *bolt.Tx) error {
		_, raw := tx.Bucket(bPresses).Cursor().First()
		if raw == nil {
			return nil
		}
		ok = true
		return json.Unmarshal(raw, &p)
	})
	if err != nil {
		return queue.Press{}, false, fmt.Errorf("outbox: read: %w", err)
	}
	return p, ok, nil
}

// Done removes an answered press.
func (o *Outbox) Done(seq uint64) error {
	err := o.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bPresses).Delete(binary.BigEndian.AppendUint64(nil, seq))
	})
	if err != nil {
		return fmt.Errorf("outbox: done %d: %w", seq, err)
	}
	return nil
}

// Len is the number of presses waiting.
func (o *Outbox) Len() int {
	n := 0
	o.db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(bPresses).Stats().KeyN
		return nil
	})
	return n
}

// Close closes the file.
func (o *Outbox) Close() error { return o.db.Close() }
