package queue

import (
	"math"
	"slices"
)

// Estimates. ahead counts the tickets of the same lane that would be called
// before t under the routing rules as seen from its own service: every
// waiting priority ticket is ahead of a normal one, and within a group the
// older ones are. The wait is ahead × the service time, divided among the
// windows now open (logged in, not paused) for that service — or, before
// any is open, the windows configured for it. The service time is learned:
// an exponentially weighted average (α = 0.2) of today's measured service
// times (start → finish), seeded with the configured service_minutes.

const learnAlpha = 0.2

// learn folds a finished ticket's service time into its service's average.
func (e *Engine) learn(c *change, t *Ticket) {
	if t.StartedAt == nil || t.FinishedAt == nil {
		return
	}
	d := t.FinishedAt.Sub(*t.StartedAt).Seconds()
	if d <= 0 || d > 4*3600 {
		return // clock jumps or a forgotten finish say nothing useful
	}
	old, ok := e.avg[t.Service]
	if !ok {
		old = e.hall.ServiceByID(t.Service).ServiceMinutes * 60
	}
	e.avg[t.Service] = old + learnAlpha*(d-old)
	c.avgChanged = true // kept with the change: a restart loads no finished tickets
}

// serviceSeconds is the current average service time of a service.
func (e *Engine) serviceSeconds(svc string) float64 {
	if v, ok := e.avg[svc]; ok {
		return v
	}
	return e.hall.ServiceByID(svc).ServiceMinutes * 60
}

// ahead counts the waiting tickets called before t (see above).
func (e *Engine) ahead(t *Ticket) int {
	l := e.laneOf(t)
	pos := func(s []*Ticket) int {
		i, _ := slices.BinarySearchFunc(s, t, before)
		return i
	}
	if t.Priority != "" {
		return pos(l.prio)
	}
	return len(l.prio) + pos(l.normal)
}

// servingWindows counts the windows open for a service; with none open, the
// windows configured for it (the hall is about to open).
func (e *Engine) servingWindows(svc string) int {
	open, all := 0, 0
	for _, hw := range e.hall.Windows {
		if hw.Services[svc] == 0 {
			continue
		}
		all++
		if w := e.windows[hw.Number]; w != nil && w.State == WindowOpen {
			open++
		}
	}
	if open > 0 {
		return open
	}
	return max(all, 1)
}

// waitEstimate returns the estimated seconds until a ticket with n ahead
// of it in service svc is called.
func (e *Engine) waitEstimate(svc string, n int) int {
	s := e.serviceSeconds(svc) * float64(n) / float64(e.servingWindows(svc))
	return int(math.Round(s))
}
