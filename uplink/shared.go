package uplink

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/nats-io/nats.go/jetstream"

	"halld/hallnet"
	"halld/queue"
)

// sharedState is what the hall has seen of the shared bucket: the latest
// entry of each key, what it decided for each, and which revision of each
// kind is in force.
type sharedState struct {
	hall    string
	mu      sync.Mutex
	entries map[string]jetstream.KeyValueEntry // latest by key (nil: deleted)
	decided map[string]uint64                  // key → revision applied or refused for good
	result  map[string]hallnet.SharedResult
}

func newSharedState(hall string) *sharedState {
	return &sharedState{hall: hall, entries: map[string]jetstream.KeyValueEntry{},
		decided: map[string]uint64{}, result: map[string]hallnet.SharedResult{}}
}

func (s *sharedState) results() map[string]hallnet.SharedResult {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.result) == 0 {
		return nil
	}
	out := make(map[string]hallnet.SharedResult, len(s.result))
	for k, v := range s.result {
		out[k] = v
	}
	return out
}

// watchShared follows the hall's own keys and the "all" keys, and applies
// the one in force for each kind as it changes.
func (l *Link) watchShared(ctx context.Context, js jetstream.JetStream) error {
	kv, err := l.bucket(ctx, js, hallnet.SharedBucket)
	if err != nil {
		return err
	}
	// Two watches of one filter each, rather than one of two: a
	// single-filter consumer names its filter in the request's subject,
	// which is what lets the server's permissions hold a hall to its keys.
	all, err := kv.Watch(ctx, hallnet.SharedKeyAll(">"))
	if err != nil {
		return classify(fmt.Errorf("watch %s: %w", hallnet.SharedKeyAll(">"), err))
	}
	defer all.Stop()
	own, err := kv.Watch(ctx, hallnet.SharedKey(l.cfg.Hall, ">"))
	if err != nil {
		return classify(fmt.Errorf("watch %s: %w", hallnet.SharedKey(l.cfg.Hall, ">"), err))
	}
	defer own.Stop()
	for {
		var e jetstream.KeyValueEntry
		var ok bool
		select {
		case <-ctx.Done():
			return ctx.Err()
		case e, ok = <-all.Updates():
		case e, ok = <-own.Updates():
		}
		if !ok {
			return errors.New("the shared bucket's watch ended")
		}
		if e == nil {
			continue // the end of the initial values
		}
		l.sharedEntry(e)
	}
}

// sharedEntry takes one update of a shared key.
func (l *Link) sharedEntry(e jetstream.KeyValueEntry) {
	key := e.Key()
	_, kind, _ := strings.Cut(key, ".")
	s := l.shared
	s.mu.Lock()
	if e.Operation() == jetstream.KeyValuePut {
		s.entries[key] = e
	} else {
		s.entries[key] = nil // deleted or purged: the "all" key is in force again
	}
	s.mu.Unlock()
	switch kind {
	case hallnet.KindHolidays, hallnet.KindNotice:
		l.applyKind(kind)
	default:
		if e.Operation() == jetstream.KeyValuePut {
			l.decide(key, e.Revision(), fmt.Errorf("本厅不认识的下发类型「%s」", kind), true)
		}
	}
}

// applyKind applies the entry in force for kind: the hall's own key, else
// the "all" key. A deleted entry changes nothing in the hall (the last
// setting stays); a revision already decided is not applied again.
func (l *Link) applyKind(kind string) {
	s := l.shared
	s.mu.Lock()
	e := s.entries[hallnet.SharedKey(s.hall, kind)]
	if e == nil {
		e = s.entries[hallnet.SharedKeyAll(kind)]
	}
	if e == nil || s.decided[e.Key()] == e.Revision() {
		s.mu.Unlock()
		return
	}
	s.mu.Unlock()
	source := fmt.Sprintf("centre:%s#%d", e.Key(), e.Revision())
	var err error
	switch kind {
	case hallnet.KindHolidays:
		_, err = l.e.LoadHolidaysFrom(e.Value(), source)
	case hallnet.KindNotice:
		_, err = l.e.SetNotice(string(e.Value()), source)
	}
	// Bad input is refused for good; anything else (storage, the clock
	// not yet trusted) is tried again at the next connection.
	final := err == nil || errors.Is(err, queue.ErrBadInput)
	l.decide(e.Key(), e.Revision(), err, final)
}

// decide records what the hall did with a revision of a key; a refusal
// is logged and shown on /admin/ (the link's device record).
func (l *Link) decide(key string, rev uint64, err error, final bool) {
	r := hallnet.SharedResult{Revision: rev, Applied: err == nil, At: l.opt.Now()}
	if err != nil {
		var qe *queue.Error
		if errors.As(err, &qe) {
			r.Reason = qe.Message
		} else {
			r.Reason = err.Error()
		}
		l.log.Warn("shared setting from the centre refused", "key", key, "revision", rev, "reason", r.Reason)
	} else {
		l.log.Info("shared setting from the centre applied", "key", key, "revision", rev)
	}
	s := l.shared
	s.mu.Lock()
	s.result[key] = r
	if final {
		s.decided[key] = rev
	}
	s.mu.Unlock()
	l.report() // an event only when the link's detail changed
}
