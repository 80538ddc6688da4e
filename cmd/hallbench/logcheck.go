package main

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/gorilla/websocket"

	"halld/queue"
)

// logCheck replays halld's event log and checks the promises made about
// it: sequence numbers gap-free and monotonic, a committed event never
// changes, a number is issued once per day, a ticket is never called at
// two windows. It keeps the replayed state of every ticket and window to
// compare with what halld serves after a restart.
type logCheck struct {
	sums     []uint64        // fnv-64 of event seq i+1, as first read
	seen     map[string]bool // event type + ticket id
	tickets  map[string]*replayed
	numbers  map[string]string // day/number → ticket id
	live     map[string]string // number → live ticket id
	current  map[int]string    // window → current ticket id
	problems []string
}

type replayed struct {
	Number, Day, Service string
	State                queue.State
	Window               int
	Seq                  uint64 // last event that touched it
}

func newLogCheck() *logCheck {
	return &logCheck{seen: map[string]bool{}, tickets: map[string]*replayed{}, numbers: map[string]string{},
		live: map[string]string{}, current: map[int]string{}}
}

func (l *logCheck) fail(format string, args ...any) {
	l.problems = append(l.problems, fmt.Sprintf(format, args...))
}

// last is the highest sequence number replayed.
func (l *logCheck) last() uint64 { return uint64(len(l.sums)) }

// read streams events after since up to and including upto from c. Events
// already replayed are compared byte for byte with what was read before.
func (l *logCheck) read(ctx context.Context, c *client, since, upto uint64) error {
	if since > l.last() {
		return fmt.Errorf("logcheck: cannot start at %d, replayed only to %d", since, l.last())
	}
	if upto <= since {
		return nil
	}
	conn, _, err := websocket.DefaultDialer.DialContext(ctx, c.wsURL(since), nil)
	if err != nil {
		return fmt.Errorf("event stream: %w", err)
	}
	defer conn.Close()
	conn.SetReadDeadline(time.Now().Add(2 * time.Minute))
	for want := since + 1; want <= upto; want++ {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			return fmt.Errorf("event stream after %d of %d: %w", want-1, upto, err)
		}
		var ev queue.Event
		if err := json.Unmarshal(msg, &ev); err != nil {
			l.fail("event %d: %v", want, err)
			continue
		}
		if ev.Seq != want {
			l.fail("event log has seq %d where %d belongs", ev.Seq, want)
			return nil // the rest cannot be aligned
		}
		h := fnv.New64a()
		h.Write(msg)
		sum := h.Sum64()
		if want <= l.last() {
			if l.sums[want-1] != sum {
				l.fail("committed event %d changed after a restart", want)
			}
			continue
		}
		l.sums = append(l.sums, sum)
		l.apply(ev)
	}
	return nil
}

func (l *logCheck) apply(ev queue.Event) {
	d, err := ev.Decode()
	if err != nil {
		l.fail("event %d data: %v", ev.Seq, err)
		return
	}
	if d.Ticket != nil {
		l.seen[ev.Type+" "+d.Ticket.ID] = true
	}
	switch ev.Type {
	case queue.EvIssued:
		t := d.Ticket
		key := t.Day + "/" + t.Number
		if prev, dup := l.numbers[key]; dup {
			l.fail("number %s issued twice (tickets %s and %s, event %d)", key, prev, t.ID, ev.Seq)
		}
		if other, dup := l.live[t.Number]; dup {
			l.fail("number %s issued while ticket %s still holds it (event %d)", t.Number, other, ev.Seq)
		}
		l.numbers[key] = t.ID
	case queue.EvCalled:
		for w, id := range l.current {
			if id == d.Ticket.ID && w != d.Ticket.Window {
				l.fail("ticket %s called at window %d while current at window %d (event %d)", d.Ticket.Number, d.Ticket.Window, w, ev.Seq)
			}
		}
	case queue.EvDayClosed:
		for _, num := range d.Expired {
			if id, ok := l.live[num]; ok {
				l.tickets[id].State = queue.Expired
				delete(l.live, num)
				for w, cur := range l.current {
					if cur == id {
						l.current[w] = ""
					}
				}
			}
		}
	}
	if t := d.Ticket; t != nil {
		r := l.tickets[t.ID]
		if r == nil {
			if ev.Type != queue.EvIssued {
				l.fail("event %d (%s) is about ticket %s that was never issued", ev.Seq, ev.Type, t.ID)
			}
			r = &replayed{Number: t.Number, Day: t.Day}
			l.tickets[t.ID] = r
		}
		r.State, r.Window, r.Service, r.Seq = t.State, t.Window, t.Service, ev.Seq
		if t.State.Live() {
			l.live[t.Number] = t.ID
		} else if l.live[t.Number] == t.ID {
			delete(l.live, t.Number)
		}
	}
	if w := d.Window; w != nil {
		cur := ""
		if w.Current != nil {
			cur = w.Current.ID
			if w.Current.State != queue.Called && w.Current.State != queue.Serving {
				l.fail("window %d's current ticket %s is %s (event %d)", w.Number, w.Current.Number, w.Current.State, ev.Seq)
			}
		}
		l.current[w.Number] = cur
	}
}

// checkAcks reports acknowledged operations that left no event.
func (l *logCheck) checkAcks(acks []ack) {
	for _, a := range acks {
		if !l.seen[verbEvent[a.Verb]+" "+a.Ticket] {
			l.fail("acknowledged %s of %s (%s) is not in the log", a.Verb, a.Number, a.Ticket)
			continue
		}
		if r := l.tickets[a.Ticket]; r != nil && r.Number != a.Number {
			l.fail("acknowledged ticket %s was %s, the log says %s", a.Ticket, a.Number, r.Number)
		}
	}
}

// checkServed compares the replayed state with what halld serves: each
// window's current ticket (called or serving, at one window only), the
// waiting count of each service, and the tickets touched after seq since.
func (l *logCheck) checkServed(ctx context.Context, c *client, hv queue.HallView, since uint64) error {
	holder := map[string]int{}
	for _, w := range hv.Windows {
		cur := ""
		if w.Current != nil {
			cur = w.Current.ID
			if w.Current.State != queue.Called && w.Current.State != queue.Serving {
				l.fail("after restart window %d's current ticket %s is %s", w.Number, w.Current.Number, w.Current.State)
			}
			if other, dup := holder[cur]; dup {
				l.fail("after restart ticket %s is current at windows %d and %d", w.Current.Number, other, w.Number)
			}
			holder[cur] = w.Number
		}
		if l.current[w.Number] != cur {
			l.fail("after restart window %d shows ticket %q, the log says %q", w.Number, cur, l.current[w.Number])
		}
	}
	waiting := map[string]int{}
	for _, r := range l.tickets {
		if r.State == queue.Waiting {
			waiting[r.Service]++
		}
	}
	for _, s := range hv.Services {
		if s.Waiting != waiting[s.ID] {
			l.fail("after restart service %s shows %d waiting, the log says %d", s.ID, s.Waiting, waiting[s.ID])
		}
	}
	for id, r := range l.tickets {
		if r.Seq <= since {
			continue
		}
		var v queue.TicketView
		code, _, err := c.get(ctx, "/api/v1/tickets/"+id, &v)
		if err != nil {
			return err
		}
		if code != 200 || v.Number != r.Number || v.State != r.State {
			l.fail("ticket %s (%s): log says %s, halld answers %d %s %s", id, r.Number, r.State, code, v.Number, v.State)
		}
	}
	return nil
}
