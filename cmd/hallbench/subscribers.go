package main

import (
	"bytes"
	"context"
	"fmt"
	"hash/maphash"
	"io"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// callTracker joins the moment a call request was sent with the moments
// its ticket.called event reached each subscriber.
type callTracker struct {
	seed   maphash.Seed
	shards [64]struct {
		mu    sync.Mutex
		calls map[string]*callRec
	}
}

type callRec struct {
	sent    time.Time
	last    time.Time // latest arrival over subscribers
	arrived int
}

func newCallTracker() *callTracker {
	t := &callTracker{seed: maphash.MakeSeed()}
	for i := range t.shards {
		t.shards[i].calls = map[string]*callRec{}
	}
	return t
}

func (t *callTracker) rec(id string, f func(*callRec)) {
	s := &t.shards[maphash.String(t.seed, id)%uint64(len(t.shards))]
	s.mu.Lock()
	r := s.calls[id]
	if r == nil {
		r = &callRec{}
		s.calls[id] = r
	}
	f(r)
	s.mu.Unlock()
}

func (t *callTracker) sent(id string, at time.Time) { t.rec(id, func(r *callRec) { r.sent = at }) }

func (t *callTracker) arrived(id string, at time.Time) {
	t.rec(id, func(r *callRec) {
		r.arrived++
		if at.After(r.last) {
			r.last = at
		}
	})
}

// result returns, for every call whose answer came back, the time until
// its event had reached all subs subscribers, and how many calls some
// subscriber never saw. Subscribers may still be reading (events after the
// run's end), so each shard is read under its lock.
func (t *callTracker) result(subs int) (lat []time.Duration, missed int) {
	for i := range t.shards {
		s := &t.shards[i]
		s.mu.Lock()
		for _, r := range s.calls {
			if r.sent.IsZero() {
				continue // a call answered after the run stopped counting
			}
			if r.arrived < subs {
				missed++
				continue
			}
			lat = append(lat, r.last.Sub(r.sent))
		}
		s.mu.Unlock()
	}
	return lat, missed
}

// subscriber is one screen on /api/v1/events. It checks that sequence
// numbers arrive in order without gaps and reports ticket.called arrivals.
type subscriber struct {
	conn *websocket.Conn
	last atomic.Uint64
	errs atomic.Int64
	err  atomic.Value // first problem, a string
}

var (
	seqPrefix    = []byte(`{"seq":`)
	calledType   = []byte(`"type":"ticket.called"`)
	ticketIDMark = []byte(`"ticket":{"id":"`)
)

// dialSubscribers opens n streams after since, 16 dials at a time.
func dialSubscribers(ctx context.Context, url string, n int, since uint64, calls *callTracker) ([]*subscriber, error) {
	subs := make([]*subscriber, n)
	errs := make(chan error, n)
	sem := make(chan struct{}, 16)
	var wg sync.WaitGroup
	for i := range subs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			d := websocket.Dialer{HandshakeTimeout: 30 * time.Second, ReadBufferSize: 4096, WriteBufferSize: 512}
			conn, _, err := d.DialContext(ctx, url, nil)
			if err != nil {
				errs <- err
				return
			}
			s := &subscriber{conn: conn}
			s.last.Store(since)
			subs[i] = s
			go s.read(calls)
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		closeSubscribers(subs)
		return nil, fmt.Errorf("subscribe: %w", err)
	}
	return subs, nil
}

func (s *subscriber) fail(format string, args ...any) {
	s.errs.Add(1)
	s.err.CompareAndSwap(nil, fmt.Sprintf(format, args...))
}

func (s *subscriber) read(calls *callTracker) {
	var buf []byte // reused: ReadMessage would allocate per message, per subscriber
	for {
		_, r, err := s.conn.NextReader()
		if err != nil {
			return
		}
		if buf, err = readAll(r, buf[:0]); err != nil {
			return
		}
		msg := buf
		now := time.Now()
		// Cheap parsing: a thousand subscribers share two cores with halld.
		rest, ok := bytes.CutPrefix(msg, seqPrefix)
		end := bytes.IndexByte(rest, ',')
		if !ok || end < 0 {
			s.fail("event without seq: %.60s", msg)
			continue
		}
		seq, err := strconv.ParseUint(string(rest[:end]), 10, 64)
		if err != nil {
			s.fail("bad seq in %.60s", msg)
			continue
		}
		if prev := s.last.Load(); seq != prev+1 {
			s.fail("seq %d after %d", seq, prev)
		}
		if bytes.Contains(msg[:min(len(msg), 64)], calledType) {
			if i := bytes.Index(msg, ticketIDMark); i >= 0 {
				id := msg[i+len(ticketIDMark):]
				if j := bytes.IndexByte(id, '"'); j > 0 {
					calls.arrived(string(id[:j]), now)
				}
			}
		}
		// Last, so that waitSubscribers returning means this event's
		// arrival is already counted.
		s.last.Store(seq)
	}
}

// readAll appends r to buf until EOF.
func readAll(r io.Reader, buf []byte) ([]byte, error) {
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// waitSubscribers waits until every subscriber has seen seq.
func waitSubscribers(subs []*subscriber, seq uint64, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for _, s := range subs {
		for s.last.Load() < seq {
			if time.Now().After(deadline) {
				return fmt.Errorf("a subscriber is at seq %d of %d after %s", s.last.Load(), seq, timeout)
			}
			time.Sleep(2 * time.Millisecond)
		}
	}
	return nil
}

func closeSubscribers(subs []*subscriber) {
	for _, s := range subs {
		if s != nil {
			s.conn.Close()
		}
	}
}
