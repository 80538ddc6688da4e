package queue

import (
	"log/slog"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// eventsFill is the event log's page fill: appends only, so full pages.
const eventsFill = 1.0

type kv struct{ bucket, key, val []byte } // val nil = delete

// commitReq is one change, encoded, waiting for its transaction.
type commitReq struct {
	puts    []kv
	events  []Event
	lastSeq uint64
	done    chan error
}

// committer writes queued changes in order, as many as are waiting in one
// bbolt transaction (group commit: one fsync for the batch), then publishes
// their events and releases their callers.
type committer struct {
	db      *bolt.DB
	publish func([]Event)
	log     *slog.Logger
	mark    *commitMark // told every commit; nil in none but tests
	markErr bool        // a failed mark write was logged

	// writing is held around every write transaction. bbolt's page check
	// (Tx.Check) reads the database's live freelist, not the read
	// transaction's snapshot, so a commit running beside it makes it
	// report damage that is not there: Backup holds writing while it
	// verifies.
	writing sync.Mutex

	mu        sync.Mutex
	work      *sync.Cond // signalled when pending grows or on close
	done      *sync.Cond // broadcast when committed advances or on failure
	pending   []*commitReq
	closing   bool
	stopped   chan struct{}
	committed uint64
	failed    error
	failedCh  chan struct{}
	commits   uint64
	events    uint64
}

func newCommitter(db *bolt.DB, seq uint64, publish func([]Event), log *slog.Logger) *committer {
	c := &committer{db: db, publish: publish, log: log, committed: seq,
		stopped: make(chan struct{}), failedCh: make(chan struct{})}
	c.work = sync.NewCond(&c.mu)
	c.done = sync.NewCond(&c.mu)
	return c
}

// enqueue is called with the engine lock held, so requests queue in
// sequence order.
func (c *committer) enqueue(r *commitReq) {
	c.mu.Lock()
	c.pending = append(c.pending, r)
	c.work.Signal()
	c.mu.Unlock()
}

func (c *committer) run() {
	defer close(c.stopped)
	for {
		c.mu.Lock()
		for len(c.pending) == 0 && !c.closing {
			c.work.Wait()
		}
		if len(c.pending) == 0 {
			c.mu.Unlock()
			return
		}
		batch := c.pending
		c.pending = nil
		err := c.failed
		c.mu.Unlock()

		if err == nil {
			c.writing.Lock()
			err = guardTx(c.db.Update, func(tx *bolt.Tx) error { // damage fails the engine: restarted, it verifies
				// The log only grows at its end: fill its pages (bbolt
				// half-fills them by default, for inserts in the middle),
				// which halves the history on disk.
				tx.Bucket(bEvents).FillPercent = eventsFill
				for _, r := range batch {
					for _, p := range r.puts {
						b := tx.Bucket(p.bucket)
						if b == nil { // a domain's first record (records.go)
							var err error
							if b, err = tx.CreateBucket(p.bucket); err != nil {
								return err
							}
						}
						var perr error
						if p.val == nil {
							perr = b.Delete(p.key)
						} else {
							perr = b.Put(p.key, p.val)
						}
						if perr != nil {
							return perr
						}
					}
				}
				return nil
			})
			c.writing.Unlock()
		}
		var evs []Event
		if err == nil {
			for _, r := range batch {
				evs = append(evs, r.events...)
			}
			c.publish(evs)
			if c.mark != nil {
				if merr := c.mark.committed(batch[len(batch)-1].lastSeq); merr != nil && !c.markErr {
					c.markErr = true
					c.log.Warn("cannot update the commit mark; a lost commit would go unnoticed", "err", merr)
				}
			}
		}
		c.mu.Lock()
		if err != nil && c.failed == nil {
			c.failed = err
			close(c.failedCh)
			c.log.Error("commit failed; the engine refuses further changes", "err", err)
		}
		if err == nil {
			c.committed = batch[len(batch)-1].lastSeq
			c.commits++
			c.events += uint64(len(evs))
		}
		c.done.Broadcast()
		c.mu.Unlock()
		for _, r := range batch {
			r.done <- err
		}
	}
}

// waitCommitted blocks until seq is committed or the committer failed.
func (c *committer) waitCommitted(seq uint64) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for c.committed < seq && c.failed == nil {
		c.done.Wait()
	}
	return c.failed
}

func (c *committer) err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.failed
}

func (c *committer) stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Stats{Seq: c.committed, Commits: c.commits, Events: c.events}
}

// close commits what is pending and stops the goroutine.
func (c *committer) close() {
	c.mu.Lock()
	c.closing = true
	c.work.Signal()
	c.mu.Unlock()
	<-c.stopped
}
