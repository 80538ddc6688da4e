package queue

import (
	"time"

	"halld/queue/hall"
)

// Pulse is the hall's figures of the moment that HallView does not carry,
// for a summary kept elsewhere (the centre's live record of the hall).
type Pulse struct {
	// Open: the hall is within its opening hours now.
	Open bool
	// OldestWaiting is the issue time of the longest-waiting ticket per
	// service (services with nobody waiting are absent); tickets
	// transferred to a window count under their service.
	OldestWaiting map[string]time.Time
}

// Pulse returns the hall's figures now.
func (e *Engine) Pulse() (Pulse, error) {
	var p Pulse
	err := e.read(func() {
		now := e.now().In(e.hall.Location)
		p.Open = hall.In(e.hall.OpenSpans(now, e.dayKind(now)), e.hall.MinuteOfDay(now))
		p.OldestWaiting = map[string]time.Time{}
		note := func(l *lane) {
			if l == nil {
				return
			}
			for _, list := range [][]*Ticket{l.prio, l.normal} {
				for _, t := range list {
					if o, ok := p.OldestWaiting[t.Service]; !ok || t.IssuedAt.Before(o) {
						p.OldestWaiting[t.Service] = t.IssuedAt
					}
				}
			}
		}
		for _, l := range e.queues {
			note(l)
		}
		for _, l := range e.targeted {
			note(l)
		}
	})
	return p, err
}
