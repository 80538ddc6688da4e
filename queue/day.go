package queue

import (
	"slices"
	"time"
)

// rollover starts a new hall day when the clock has passed midnight, and
// runs the daily close (expiring waiting tickets) once the day's closing
// time plus the grace period has passed. Called under the lock by begin.
func (e *Engine) rollover(c *change) {
	h := e.hall
	today := h.Day(c.at)
	switch {
	case e.meta.Day == "":
		e.meta.Day = today
	case e.meta.Day < today:
		old := e.meta.Day
		expired := e.expire(c, func(t *Ticket) bool { return t.Day < today })
		e.meta.Day = today
		e.meta.Counters = map[string]int{}
		e.meta.Issued = map[string]int{}
		for id, t := range e.tickets {
			if !t.State.Live() && t.Day < today {
				delete(e.tickets, id) // history stays in the database
			}
		}
		e.retireCases(c)
		e.defaultEvaluations(c)
		c.emit(EvDayClosed, EventData{Day: old, Expired: expired})
		e.meta.ClosedDay = old
	}
	e.refreshCards(c)
	e.purgePersonal(c)
	if e.meta.ClosedDay == today {
		return
	}
	closing, open := h.Closing(c.at, e.dayKind(c.at))
	if !open {
		return
	}
	if at := closing + h.Policy.ExpireGraceMinutes; at < 24*60 && h.MinuteOfDay(c.at) >= at {
		expired := e.expire(c, func(t *Ticket) bool { return true })
		e.meta.ClosedDay = today
		c.emit(EvDayClosed, EventData{Day: today, Expired: expired})
	}
}

// expire ends the live tickets matched by which that are waiting, called
// or held (unless the hall keeps queues overnight). Tickets in service are
// left to their clerk. It returns the expired numbers.
func (e *Engine) expire(c *change, which func(*Ticket) bool) []string {
	if e.hall.Policy.KeepOvernight {
		return nil
	}
	var out []string
	for _, t := range e.live {
		if !which(t) || (t.State != Waiting && t.State != Called && t.State != Held) {
			continue
		}
		if t.State == Waiting {
			e.dequeue(t)
		}
		for _, w := range e.windows {
			if w.Current == t.ID {
				w.Current = ""
				c.touchWindow(w)
			}
			if held := removeString(w.Held, t.ID); len(held) != len(w.Held) {
				w.Held = held
				c.touchWindow(w)
			}
		}
		e.end(t, Expired, c)
		out = append(out, t.Number)
	}
	slices.Sort(out)
	return out
}

// end moves t to a final state and out of the live indexes.
func (e *Engine) end(t *Ticket, s State, c *change) {
	t.State = s
	delete(e.live, t.Number)
	if t.IDHash != "" {
		delete(e.byID, t.Service+"|"+t.IDHash)
	}
	c.touch(t)
}

// Tick lets time-driven rules run without traffic: the day rollover and the
// daily close. The daemon calls it every few seconds.
func (e *Engine) Tick() error {
	c, err := e.begin()
	if err != nil {
		return err
	}
	e.dropExpired(c)
	return e.finish(c, nil)
}

// caseKeepDays is how long a finished case that may still be collected
// (已办结, 待领取) stays in memory; the database keeps every case.
const caseKeepDays = 90

// retireCases drops from memory the cases the board and this month's
// figures no longer need: collected or refused before this month, and
// finished ones not collected after caseKeepDays.
func (e *Engine) retireCases(c *change) {
	now := c.at
	for n, k := range e.cases {
		if k.State.Open() || k.FinishedAt == nil {
			continue
		}
		f := k.FinishedAt.In(e.hall.Location)
		sameMonth := f.Year() == now.Year() && f.Month() == now.Month()
		closed := k.State == CasePickedUp || k.State == CaseRefused
		if (closed && !sameMonth) || now.Sub(f) > caseKeepDays*24*time.Hour {
			delete(e.cases, n)
			c.caseDrop = append(c.caseDrop, n)
		}
	}
}
