package queue

import (
	"net/netip"
	"sync"
	"time"

	"halld/queue/hall"
)

// Login limits. An attempt is counted before the slow PIN hash runs, under
// the guard's lock, so parallel guesses cannot all pass the check; a correct
// PIN takes its attempt back.
//
//   - Per source address (an IPv4 address or an IPv6 /64): sourceFailures
//     wrong PINs within sourceWindow lock that address for sourceLockout,
//     whatever staff ids it tries, known or not.
//   - Per staff member: staffFailures wrong PINs from addresses other than
//     the member's home lock the member for staffLockout at every address
//     but home. Home is the address of the member's last successful login
//     (their own terminal): a stranger elsewhere cannot lock a clerk out
//     of their own window. At home the member has its own strict count
//     (sourceFailures), so a stranger at the clerk's terminal gets no
//     more guesses than anywhere else.
//
// Memory is bounded: staff entries exist only for staff in the hall file;
// source entries at most maxSources. When the source table is full an entry
// that holds no lock is evicted (the least recently seen); locked entries
// are never evicted, and while every entry is locked new addresses are
// refused (login_busy) rather than allowed unchecked. Homes are kept in
// memory only: after a restart the per-staff lock applies everywhere until
// the member logs in once.
const (
	sourceFailures = 5
	sourceWindow   = 15 * time.Minute
	sourceLockout  = 15 * time.Minute
	staffFailures  = 10
	staffWindow    = 15 * time.Minute
	staffLockout   = 15 * time.Minute
	maxSources     = 4096
)

// attempts counts wrong PINs within a window, plus attempts in flight.
type attempts struct {
	fails    int
	inflight int
	first    time.Time // start of the current window
	until    time.Time // locked until
	seen     time.Time // last attempt, for eviction
}

// take counts an attempt; it refuses (with how long to wait) while the
// entry is locked or the attempts in flight could already reach the limit.
func (a *attempts) take(now time.Time, limit int, window time.Duration) (time.Duration, bool) {
	a.seen = now
	if now.Before(a.until) {
		return a.until.Sub(now), false
	}
	if a.fails > 0 && now.Sub(a.first) >= window {
		a.fails = 0
	}
	if a.fails+a.inflight >= limit {
		return time.Second, false // outcomes still pending decide
	}
	if a.fails == 0 && a.inflight == 0 {
		a.first = now
	}
	a.inflight++
	return 0, true
}

// done settles an attempt taken; a failure that reaches the limit locks.
func (a *attempts) done(now time.Time, failed bool, limit int, lockout time.Duration) {
	if a.inflight > 0 { // a home that moved meanwhile starts afresh
		a.inflight--
	}
	if !failed {
		return
	}
	a.fails++
	if a.fails >= limit {
		a.fails, a.until = 0, now.Add(lockout)
	}
}

// idle reports whether forgetting a loses nothing: no lock, no attempt in
// flight and no failure still inside its window.
func (a *attempts) idle(now time.Time, window time.Duration) bool {
	return a.inflight == 0 && !now.Before(a.until) && (a.fails == 0 || now.Sub(a.first) >= window)
}

type staffAttempts struct {
	away attempts // from addresses other than home
	home string   // source of the last successful login
	at   attempts // from home
}

type loginGuard struct {
	mu      sync.Mutex
	sources map[string]*attempts
	staff   map[string]*staffAttempts
	max     int             // maxSources; tests lower it
	weak    map[string]bool // staff whose weak PIN was logged
}

func newLoginGuard() *loginGuard {
	return &loginGuard{sources: map[string]*attempts{}, staff: map[string]*staffAttempts{}, max: maxSources, weak: map[string]bool{}}
}

// firstWeak reports whether staff's weak PIN is news (once per run).
func (g *loginGuard) firstWeak(staff string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.weak[staff] {
		return false
	}
	g.weak[staff] = true
	return true
}

// SourceKey groups a client address ("ip:port" or "ip") as limits count
// it: an IPv6 client owns its whole /64, so it counts as one. Anything
// unparsable (an in-process caller) is its own key.
func SourceKey(addr string) string {
	ap, err := netip.ParseAddrPort(addr)
	var a netip.Addr
	if err == nil {
		a = ap.Addr()
	} else if a, err = netip.ParseAddr(addr); err != nil {
		return addr
	}
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}

// loginAttempt is one counted attempt; settle it exactly once.
type loginAttempt struct {
	g      *loginGuard
	staff  string // "" for an unknown id
	src    string
	atHome bool
}

// begin counts an attempt by staff (nil: unknown id) from source, or
// refuses it with login_locked or login_busy.
func (g *loginGuard) begin(now time.Time, st *hall.Staff, source string) (*loginAttempt, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	la := &loginAttempt{g: g, src: SourceKey(source)}
	var sa *staffAttempts
	if st != nil {
		la.staff = st.ID
		if sa = g.staff[st.ID]; sa == nil {
			sa = &staffAttempts{}
			g.staff[st.ID] = sa
		}
		la.atHome = sa.home != "" && sa.home == la.src
	}
	if la.atHome {
		if wait, ok := sa.at.take(now, sourceFailures, sourceWindow); !ok {
			return nil, errLocked(wait)
		}
		return la, nil
	}
	src := g.sources[la.src]
	if src == nil {
		if !g.makeRoom(now) {
			err := refuse(ErrUnavailable, "login_busy", "登录尝试过多，请稍后再试")
			err.RetryAfter = sourceLockout
			return nil, err
		}
		src = &attempts{}
		g.sources[la.src] = src
	}
	if src.until.After(now) { // a locked address learns nothing more
		src.seen = now
		return nil, errLocked(src.until.Sub(now))
	}
	if sa != nil && sa.away.until.After(now) {
		return nil, errLocked(sa.away.until.Sub(now))
	}
	wait, ok := src.take(now, sourceFailures, sourceWindow)
	if !ok {
		return nil, errLocked(wait)
	}
	if sa != nil {
		if wait, ok := sa.away.take(now, staffFailures, staffWindow); !ok {
			src.inflight--
			return nil, errLocked(wait)
		}
	}
	return la, nil
}

// makeRoom frees a source slot if the table is full; it never drops a
// lock. Call with g.mu held.
func (g *loginGuard) makeRoom(now time.Time) bool {
	if len(g.sources) < g.max {
		return true
	}
	var victim string
	var oldest time.Time
	for k, a := range g.sources {
		if a.idle(now, sourceWindow) {
			delete(g.sources, k)
			return true
		}
		if a.inflight == 0 && !now.Before(a.until) && (victim == "" || a.seen.Before(oldest)) {
			victim, oldest = k, a.seen
		}
	}
	if victim == "" {
		return false
	}
	delete(g.sources, victim) // forgets fewer than sourceFailures failures, never a lock
	return true
}

// settle records the attempt's outcome. A success makes its address the
// member's home and clears the home count.
func (la *loginAttempt) settle(now time.Time, ok bool) {
	g := la.g
	g.mu.Lock()
	defer g.mu.Unlock()
	sa := g.staff[la.staff]
	if la.atHome {
		sa.at.done(now, !ok, sourceFailures, sourceLockout)
	} else {
		if src := g.sources[la.src]; src != nil {
			src.done(now, !ok, sourceFailures, sourceLockout)
		}
		if sa != nil {
			sa.away.done(now, !ok, staffFailures, staffLockout)
		}
	}
	if ok && sa != nil {
		if sa.home != la.src {
			sa.home, sa.at = la.src, attempts{}
		} else {
			sa.at.fails = 0
		}
	}
}

func errLocked(wait time.Duration) error {
	err := refuse(ErrForbidden, "login_locked", "密码错误次数过多，请%d分钟后再试", max(1, int((wait+time.Minute-1)/time.Minute)))
	err.RetryAfter = wait
	return err
}
