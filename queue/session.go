package queue

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"halld/queue/hall"
)

// session is a logged-in staff member, persisted so a restart does not log
// the hall out. Only the token's hash is stored.
type session struct {
	Hash    string    `json:"hash"`
	Staff   string    `json:"staff"`
	Role    string    `json:"role"`
	Window  int       `json:"window,omitempty"` // 0: supervisor session without a window
	Created time.Time `json:"created"`
	used    time.Time // last request (in memory only; zero: none since start)
}

// Session is who a token belongs to.
type Session struct {
	Staff  string `json:"staff"`
	Name   string `json:"name"`
	Role   string `json:"role"`
	Window int    `json:"window,omitempty"`
	Post   string `json:"post,omitempty"`
}

func hashToken(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}

// LoginRequest logs a staff member in at a window (or, for supervisors and
// admins, without one). Takeover replaces whoever is logged in at the
// window: an A/B handover (AB岗交接) keeps the window's tickets.
type LoginRequest struct {
	Staff    string `json:"staff"`
	PIN      string `json:"pin"`
	Window   int    `json:"window"`
	Takeover bool   `json:"takeover"`
	// Source is the client's address ("ip:port" or "ip"), which the login
	// limits count by; the API sets it, never the body.
	Source string `json:"-"`
}

// Login checks the PIN and opens a session; it returns the bearer token.
func (e *Engine) Login(req LoginRequest) (string, Session, error) {
	st, err := e.checkPIN(req.Staff, req.PIN, req.Source)
	if err != nil {
		return "", Session{}, err
	}
	if req.Window == 0 && st.Role == hall.RoleClerk {
		return "", Session{}, refuse(ErrBadInput, "window_required", "请选择窗口")
	}
	var post string
	if req.Window != 0 {
		if e.hall.WindowByNumber(req.Window) == nil {
			return "", Session{}, refuse(ErrNotFound, "window_not_found", "没有%d号窗口", req.Window)
		}
		p, ok := e.hall.CanPost(st, req.Window)
		if !ok {
			return "", Session{}, refuse(ErrForbidden, "no_post", "您没有%d号窗口的岗位", req.Window)
		}
		post = p
	}
	tokRaw := make([]byte, 32)
	if _, err := rand.Read(tokRaw); err != nil {
		panic(err)
	}
	tok := hex.EncodeToString(tokRaw)
	c, err := e.begin()
	if err != nil {
		return "", Session{}, err
	}
	err = e.login(c, st, req, post, hashToken(tok))
	if err = e.finish(c, err); err != nil {
		return "", Session{}, err
	}
	return tok, Session{Staff: st.ID, Name: st.Name, Role: st.Role, Window: req.Window, Post: post}, nil
}

func (e *Engine) login(c *change, st *hall.Staff, req LoginRequest, post, hash string) error {
	s := &session{Hash: hash, Staff: st.ID, Role: st.Role, Window: req.Window, Created: c.at}
	if req.Window == 0 {
		e.sessions[hash] = s
		c.sessPut = append(c.sessPut, s)
		return nil
	}
	// One person, one window at a time.
	for _, w := range e.windows {
		if w.Staff == st.ID && w.Number != req.Window && w.State != WindowClosed {
			return refuse(ErrConflict, "staff_elsewhere", "您已在%d号窗口登录，请先在该窗口退出", w.Number)
		}
	}
	w := e.window(req.Window)
	ev, from := EvLogin, ""
	if w.State != WindowClosed {
		if !req.Takeover && w.Staff != st.ID {
			name := w.Staff
			if o := e.hall.StaffByID(w.Staff); o != nil {
				name = o.Name
			}
			return refuse(ErrConflict, "window_occupied", "%d号窗口已由%s登录；如需交接请选择“接班”", req.Window, name)
		}
		ev, from = EvHandover, w.Staff
		if _, ok := e.sessions[w.Session]; ok {
			delete(e.sessions, w.Session)
			c.sessDel = append(c.sessDel, w.Session)
		}
	} else {
		w.State = WindowOpen
		w.Streak = 0
	}
	w.Staff, w.Post, w.Session, w.LoginAt = st.ID, post, hash, c.at
	e.sessions[hash] = s
	c.sessPut = append(c.sessPut, s)
	wv := e.windowView(w)
	c.touchWindow(w)
	c.emit(ev, EventData{Window: &wv, Staff: st.ID, FromStaff: from})
	return nil
}

// Authenticate returns the session of a bearer token.
func (e *Engine) Authenticate(tok string) (Session, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := e.liveSession(tok)
	if s == nil {
		return Session{}, errBadSession()
	}
	out := Session{Staff: s.Staff, Role: s.Role, Window: s.Window}
	if st := e.hall.StaffByID(s.Staff); st != nil {
		out.Name = st.Name
	}
	if w := e.windows[s.Window]; w != nil {
		out.Post = w.Post
	}
	return out, nil
}

// Logout ends a session. At a window it closes the window, which must have
// no ticket called, in service or held.
func (e *Engine) Logout(tok string) error {
	c, err := e.begin()
	if err != nil {
		return err
	}
	return e.finish(c, e.logout(c, hashToken(tok)))
}

func (e *Engine) logout(c *change, hash string) error {
	s := e.sessions[hash]
	if s == nil || e.expired(s, c.at) {
		return errBadSession()
	}
	if s.Window != 0 {
		w := e.window(s.Window)
		if w.Current != "" || len(w.Held) > 0 {
			return refuse(ErrConflict, "window_has_tickets", "请先处理当前和挂起的号再退出")
		}
		w.State, w.Staff, w.Post, w.Session, w.PauseReason, w.Streak = WindowClosed, "", "", "", "", 0
		wv := e.windowView(w)
		c.touchWindow(w)
		c.emit(EvLogout, EventData{Window: &wv, Staff: s.Staff})
	}
	delete(e.sessions, hash)
	c.sessDel = append(c.sessDel, hash)
	return nil
}
