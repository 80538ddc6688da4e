package queue

import (
	"time"

	"halld/queue/hall"
)

// Staff sessions end after the hall's policy.session_idle_minutes without
// a request and policy.session_max_hours after login, whichever comes
// first; a later request gets session_invalid and the clerk logs in again
// (at a window that is still open the tickets stay: it is the same
// member's own handover). Machine tokens (RoleSystem, RoleAgent) do not
// expire: they are revoked instead. The last use is kept in memory only,
// so a restart restarts the idle clock, never the absolute one.

// expires reports whether s is a session that expires at all.
func (s *session) expires() bool { return s.Role != RoleSystem && s.Role != RoleAgent }

// expired reports whether s has ended at now.
func (e *Engine) expired(s *session, now time.Time) bool {
	if !s.expires() {
		return false
	}
	p := e.hall.Policy
	if p.SessionMaxHours > 0 && now.Sub(s.Created) >= time.Duration(p.SessionMaxHours)*time.Hour {
		return true
	}
	return p.SessionIdleMinutes > 0 && !s.used.IsZero() && now.Sub(s.used) >= time.Duration(p.SessionIdleMinutes)*time.Minute
}

// liveSession returns the session of token if it has not expired, and counts this
// as its use; call with the lock held.
func (e *Engine) liveSession(token string) *session {
	s := e.sessions[hashToken(token)]
	if s == nil {
		return nil
	}
	now := e.now()
	if e.expired(s, now) {
		return nil
	}
	s.used = now
	return s
}

// dropExpired deletes the sessions that have ended (Tick calls it), so the
// database does not keep them.
func (e *Engine) dropExpired(c *change) {
	for h, s := range e.sessions {
		if e.expired(s, c.at) {
			delete(e.sessions, h)
			c.sessDel = append(c.sessDel, h)
		}
	}
}

// noteWeakPIN logs, once per member and run, that a member logged in with
// a PIN hall.PINPolicy refuses; the demo hall's 1234 is expected.
func (e *Engine) noteWeakPIN(st *hall.Staff, pin string) {
	if e.hall.IsDemo() || hall.PINPolicy(pin) == nil || !e.guard.firstWeak(st.ID) {
		return
	}
	e.log.Warn("staff PIN is weak: make a new one with halld hash-pin", "staff", st.ID, "why", hall.PINPolicy(pin).Error())
}

// SessionLive reports whether token is a session that has not expired or
// ended, without counting this as a use: a long-lived event stream checks
// it, and must not keep an unattended terminal's session alive by itself.
func (e *Engine) SessionLive(token string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := e.sessions[hashToken(token)]
	return s != nil && !e.expired(s, e.now())
}
