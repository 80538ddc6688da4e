package uplink

import "time"

// backoff is the wait before the next connection attempt: doubling from
// min to max, each wait drawn at random between half and all of it
// (jitter), so a county's halls coming back after the centre's outage do
// not all knock at the same instant.
type backoff struct {
	min, max time.Duration
	rand     func() float64 // in [0, 1)
	next     time.Duration
}

// wait returns the next wait and doubles the one after.
func (b *backoff) wait() time.Duration {
	if b.next < b.min {
		b.next = b.min
	}
	d := b.next
	b.next = min(2*b.next, b.max)
	return d/2 + time.Duration(b.rand()*float64(d/2))
}

// reset starts again from min, after a connection that worked.
func (b *backoff) reset() { b.next = 0 }
