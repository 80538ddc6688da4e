package queue

import (
	"context"
	"sync"
	"time"
)

// hub fans committed events out to live subscribers without ever blocking
// the committer: a subscriber whose buffer is full is dropped from the live
// set and catches up from the event log by itself. Channels carry pointers
// into the committed batch (never changed after): 8 bytes a slot instead
// of an Event's ~100, which with a thousand screens is tens of megabytes.
//
// The hub also keeps the last recentEvents published events: a subscriber
// catching up takes them from there, sharing the committed bytes, instead
// of reading (and copying) them from the log — a thousand screens falling
// behind together would otherwise each copy every event.
type hub struct {
	mu        sync.Mutex
	buf       int
	published uint64
	subs      map[*Subscription]chan *Event
	recent    []*Event // published event seq sits at seq % len(recent)
	closed    bool
}

// recentEvents is the hub's memory of published events: about 1.6 MB when
// full, estimated from ~700-byte events (not measured).
const recentEvents = 2048

func newHub(buf int, seq uint64) *hub {
	return &hub{buf: buf, published: seq, subs: map[*Subscription]chan *Event{}, recent: make([]*Event, recentEvents)}
}

// since returns up to max published events after seq from memory; ok is
// false when memory no longer reaches back to seq+1 (read the log then).
func (h *hub) since(seq uint64, max int) (evs []Event, ok bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if seq >= h.published {
		return nil, true
	}
	if h.published-seq > uint64(len(h.recent)) {
		return nil, false
	}
	for s := seq + 1; s <= h.published && len(evs) < max; s++ {
		p := h.recent[s%uint64(len(h.recent))]
		if p == nil || p.Seq != s {
			return nil, false // from before this engine started: in the log only
		}
		evs = append(evs, *p)
	}
	return evs, true
}

func (h *hub) publish(evs []Event) {
	if len(evs) == 0 {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for i := range evs {
		h.recent[evs[i].Seq%uint64(len(h.recent))] = &evs[i]
	}
	for s, ch := range h.subs {
		for i := range evs {
			select {
			case ch <- &evs[i]:
				continue
			default:
			}
			// Too slow: stop feeding it live; it re-reads the log.
			close(ch)
			delete(h.subs, s)
			break
		}
	}
	h.published = evs[len(evs)-1].Seq
}

// register adds s to the live set and returns its channel and the last
// event published before it joined (everything up to it is in the log).
func (h *hub) register(s *Subscription) (chan *Event, uint64, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, 0, false
	}
	ch := make(chan *Event, h.buf)
	h.subs[s] = ch
	return ch, h.published, true
}

func (h *hub) unregister(s *Subscription) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if ch, ok := h.subs[s]; ok {
		close(ch)
		delete(h.subs, s)
	}
}

func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for s, ch := range h.subs {
		close(ch)
		delete(h.subs, s)
	}
}

// catchUpBatch bounds how many events a subscriber catching up from the
// log holds at once (memory per slow subscriber), and how long one read
// transaction stays open (long readers delay the writer's remaps).
const catchUpBatch = 32

// Subscription delivers every committed event after a starting sequence
// number, in order, with no gaps and no duplicates: first from the log,
// then live. It is not safe for concurrent use; one reader owns it.
type Subscription struct {
	e       *Engine
	cursor  uint64 // last event delivered
	backlog []Event
	live    chan *Event
	failed  error       // the log's damage, reported once backlog is delivered
	idle    *time.Timer // NextWithin's, reused: a thousand streams, one event each
}

// Subscribe starts a subscription after event since (0 = from the start).
func (e *Engine) Subscribe(since uint64) *Subscription {
	return &Subscription{e: e, cursor: since}
}

// Next returns the next event, waiting for it if necessary. It returns
// ctx.Err() when ctx ends and ErrClosed when the engine closes.
func (s *Subscription) Next(ctx context.Context) (Event, error) {
	ev, _, err := s.next(ctx, nil, true)
	return ev, err
}

// NextWithin is Next that waits at most d: with no event by then it
// returns context.DeadlineExceeded (a stream's cue to ping). It reuses one
// timer, where a context.WithTimeout per event would cost an allocation
// and a timer per event per subscriber.
func (s *Subscription) NextWithin(ctx context.Context, d time.Duration) (Event, error) {
	if s.idle == nil {
		s.idle = time.NewTimer(d)
	} else {
		s.idle.Reset(d)
	}
	ev, _, err := s.next(ctx, s.idle.C, true)
	s.idle.Stop()
	return ev, err
}

// TryNext returns the next event if it is already committed and at hand
// (read ahead or buffered live), without waiting: ok is false otherwise.
// A stream uses it to send what piled up in one write.
func (s *Subscription) TryNext() (ev Event, ok bool, err error) {
	return s.next(context.Background(), nil, false)
}

// next is Next, TryNext (wait false) and NextWithin (timeout).
func (s *Subscription) next(ctx context.Context, timeout <-chan time.Time, wait bool) (Event, bool, error) {
	for {
		if len(s.backlog) > 0 {
			ev := s.backlog[0]
			s.backlog = s.backlog[1:]
			if ev.Seq <= s.cursor {
				continue
			}
			s.cursor = ev.Seq
			return ev, true, nil
		}
		if s.failed != nil {
			return Event{}, false, s.failed // every event before the damage went out
		}
		if s.live == nil {
			if !wait {
				return Event{}, false, nil // catching up reads the log: Next's job
			}
			if s.e.hub.isClosed() {
				return Event{}, false, ErrClosed
			}
			evs, err := s.e.catchUp(s.cursor, catchUpBatch)
			if err != nil {
				s.backlog, s.failed = evs, err
				continue
			}
			if len(evs) > 0 {
				s.backlog = evs
				continue
			}
			ch, published, ok := s.e.hub.register(s)
			if !ok {
				return Event{}, false, ErrClosed
			}
			s.live = ch
			if published > s.cursor {
				// Committed between our read and joining: read it from the
				// log while the live channel buffers what follows.
				evs, err := s.e.catchUp(s.cursor, int(published-s.cursor))
				s.backlog, s.failed = evs, err
				continue
			}
		}
		var p *Event
		ok := true
		if wait {
			select {
			case p, ok = <-s.live:
			case <-ctx.Done():
				return Event{}, false, ctx.Err()
			case <-timeout:
				return Event{}, false, context.DeadlineExceeded
			}
		} else {
			select {
			case p, ok = <-s.live:
			default:
				return Event{}, false, nil
			}
		}
		if !ok {
			s.live = nil
			if s.e.hub.isClosed() {
				return Event{}, false, ErrClosed
			}
			continue // dropped for being slow: catch up from the log
		}
		if p.Seq <= s.cursor {
			continue
		}
		s.cursor = p.Seq
		return *p, true, nil
	}
}

// catchUp returns up to max events after seq: from the hub's memory of
// recent events when it reaches back that far, else from the log.
func (e *Engine) catchUp(seq uint64, max int) ([]Event, error) {
	if evs, ok := e.hub.since(seq, max); ok {
		return evs, nil
	}
	return e.ReadEvents(seq, max)
}

// Cursor returns the sequence number of the last event delivered.
func (s *Subscription) Cursor() uint64 { return s.cursor }

// Close ends the subscription.
func (s *Subscription) Close() {
	if s.live != nil {
		s.e.hub.unregister(s)
		s.live = nil
	}
}

func (h *hub) isClosed() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.closed
}
