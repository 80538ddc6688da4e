package api

import (
	"sync"
	"time"

	"halld/queue"
)

// Anonymous issuing (POST /api/v1/tickets from an address that is not a
// device, without a token) is limited per source address (IPv6: per /64):
// a burst of issueBurst tickets, then one more every issueEvery. One
// client can then never drain a service's daily cap. The table holds at
// most maxIssueSources addresses; a full one forgets an address whose
// bucket is full (forgetting it changes nothing) or else the fullest.
const (
	issueBurst      = 5
	issueEvery      = 5 * time.Minute
	maxIssueSources = 4096
)

type bucket struct {
	tokens float64
	at     time.Time
}

type issueLimit struct {
	mu  sync.Mutex
	now func() time.Time
	max int
	src map[string]*bucket
}

func newIssueLimit(now func() time.Time) *issueLimit {
	return &issueLimit{now: now, max: maxIssueSources, src: map[string]*bucket{}}
}

// take spends one ticket of addr's allowance, or says how long to wait.
func (l *issueLimit) take(addr string) (time.Duration, bool) {
	key := queue.SourceKey(addr)
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.src[key]
	if b == nil {
		if len(l.src) >= l.max {
			l.evict(now)
		}
		b = &bucket{tokens: issueBurst, at: now}
		l.src[key] = b
	}
	b.refill(now)
	if b.tokens < 1 {
		return time.Duration((1 - b.tokens) * float64(issueEvery)), false
	}
	b.tokens--
	return 0, true
}

func (b *bucket) refill(now time.Time) {
	b.tokens = min(issueBurst, b.tokens+float64(now.Sub(b.at))/float64(issueEvery))
	b.at = now
}

// evict drops one address, the one that has most of its allowance back.
func (l *issueLimit) evict(now time.Time) {
	var victim string
	best := -1.0
	for k, b := range l.src {
		b.refill(now)
		if b.tokens >= issueBurst {
			delete(l.src, k)
			return
		}
		if b.tokens > best {
			victim, best = k, b.tokens
		}
	}
	delete(l.src, victim)
}
