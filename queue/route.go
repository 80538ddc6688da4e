package queue

import (
	"cmp"
	"slices"
	"time"
)

// lane holds waiting tickets in call order, priority and normal apart.
type lane struct {
	prio, normal []*Ticket
}

func before(a, b *Ticket) int {
	if c := cmp.Compare(a.Order, b.Order); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

func (l *lane) list(t *Ticket) *[]*Ticket {
	if t.Priority != "" {
		return &l.prio
	}
	return &l.normal
}

func (l *lane) add(t *Ticket) {
	p := l.list(t)
	i, _ := slices.BinarySearchFunc(*p, t, before)
	*p = slices.Insert(*p, i, t)
}

func (l *lane) remove(t *Ticket) {
	p := l.list(t)
	if i, ok := slices.BinarySearchFunc(*p, t, before); ok {
		*p = slices.Delete(*p, i, i+1)
	}
}

func (l *lane) len() int { return len(l.prio) + len(l.normal) }

// prioritised reports whether t is called as a priority ticket at now:
// it has a class and its PriorityFrom, if any, has come. A ticket whose
// priority has not begun stays in the priority list (lists are kept by
// class) but is picked with the normal ones, by arrival.
func (t *Ticket) prioritised(now time.Time) bool {
	return t.Priority != "" && (t.PriorityFrom == nil || !now.Before(*t.PriorityFrom))
}

// laneOf returns the lane a waiting ticket belongs in.
func (e *Engine) laneOf(t *Ticket) *lane {
	if t.TargetWindow > 0 {
		l := e.targeted[t.TargetWindow]
		if l == nil {
			l = &lane{}
			e.targeted[t.TargetWindow] = l
		}
		return l
	}
	l := e.queues[t.Service]
	if l == nil {
		l = &lane{}
		e.queues[t.Service] = l
	}
	return l
}

func (e *Engine) enqueue(t *Ticket) { e.laneOf(t).add(t) }
func (e *Engine) dequeue(t *Ticket) { e.laneOf(t).remove(t) }

// targetedWeight ranks tickets sent to a window above any service weight.
const targetedWeight = 1 << 20

// best returns the first ticket of one group (priority or normal) for
// window n: highest weight, then oldest.
func (e *Engine) best(n int, prio bool, now time.Time) *Ticket {
	pick := func(l *lane) *Ticket {
		if l == nil {
			return nil
		}
		// The first priority ticket whose priority has begun, and the
		// first whose has not (it competes with the normal ones).
		var active, pending *Ticket
		for _, t := range l.prio {
			if t.prioritised(now) {
				if active == nil {
					active = t
				}
			} else if pending == nil {
				pending = t
			}
			if active != nil && pending != nil {
				break
			}
		}
		if prio {
			return active
		}
		var first *Ticket
		if len(l.normal) > 0 {
			first = l.normal[0]
		}
		if pending != nil && (first == nil || before(pending, first) < 0) {
			first = pending
		}
		return first
	}
	var top *Ticket
	topW := 0
	consider := func(t *Ticket, w int) {
		if t == nil {
			return
		}
		if top == nil || w > topW || (w == topW && before(t, top) < 0) {
			top, topW = t, w
		}
	}
	consider(pick(e.targeted[n]), targetedWeight)
	for svc, w := range e.hall.WindowByNumber(n).Services {
		consider(pick(e.queues[svc]), w)
	}
	return top
}

// next picks the ticket window w calls next and reports whether it is a
// priority pick (for the fairness streak). See the package doc.
func (e *Engine) next(w *Window, now time.Time) *Ticket {
	p := e.best(w.Number, true, now)
	n := e.best(w.Number, false, now)
	switch {
	case p != nil && (n == nil || w.Streak < e.hall.Policy.PriorityStreak):
		return p
	default:
		return n
	}
}

// eligible reports whether window n may call waiting ticket t.
func (e *Engine) eligible(n int, t *Ticket) bool {
	if t.TargetWindow > 0 {
		return t.TargetWindow == n
	}
	return e.hall.WindowByNumber(n).Services[t.Service] > 0
}
