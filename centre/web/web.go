package web

import (
	"context"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"halld/centre/ingest"
	"halld/centre/store"
	"halld/internal/httpjson"
	"halld/internal/pagefs"
	"halld/queue/hall"
)

//go:embed assets
var assets embed.FS

// Admin is one centre administrator.
type Admin struct {
	ID, Name, PINHash string
}

// Server serves the page and the API.
type Server struct {
	Store  *store.Store
	Ingest *ingest.Ingest // nil: no ingest state (a read-only centre)
	Admins []Admin
	Stale  time.Duration // a live record older than this is "last known"
	Now    func() time.Time
	Log    *slog.Logger

	mu       sync.Mutex
	sessions map[string]session
}

type session struct {
	admin   string
	expires time.Time
}

const sessionTTL = 12 * time.Hour

// contentPolicy: scripts only from the centre's own files, no framing,
// fetches to the centre only.
const contentPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
	"form-action 'self'; frame-ancestors 'none'"

// Handler returns the centre's whole HTTP handler: / redirects to /centre/.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /centre/", pagefs.Handler(assets, "assets", "/centre/"))
	mux.Handle("GET /{$}", http.RedirectHandler("/centre/", http.StatusFound))
	mux.HandleFunc("POST /centre/api/login", s.login)
	mux.Handle("GET /centre/api/halls", s.auth(s.halls))
	mux.Handle("GET /centre/api/figures", s.auth(s.figures))
	mux.Handle("GET /centre/api/figures.csv", s.auth(s.figuresCSV))
	mux.Handle("GET /centre/api/followups/overdue", s.auth(s.overdueFollowUps))
	mux.Handle("GET /centre/api/cases/overdue", s.auth(s.overdueCases))
	mux.Handle("GET /centre/api/supervision", s.auth(s.supervision))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		mux.ServeHTTP(w, r)
	})
}

func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var req struct {
		ID  string `json:"id"`
		PIN string `json:"pin"`
	}
	if !httpjson.Decode(w, r, &req) {
		return
	}
	for _, a := range s.Admins {
		if a.ID == req.ID && (&hall.Staff{PINHash: a.PINHash}).CheckPIN(req.PIN) {
			b := make([]byte, 24)
			rand.Read(b)
			tok := hex.EncodeToString(b)
			s.mu.Lock()
			if s.sessions == nil {
				s.sessions = map[string]session{}
			}
			s.sessions[tok] = session{admin: a.ID, expires: s.now().Add(sessionTTL)}
			s.mu.Unlock()
			s.Log.Info("centre admin login", "admin", a.ID)
			httpjson.WriteJSON(w, http.StatusOK, map[string]string{"token": tok, "id": a.ID, "name": a.Name})
			return
		}
	}
	s.Log.Warn("centre admin login refused", "admin", req.ID)
	select { // slow down guessing
	case <-time.After(500 * time.Millisecond):
	case <-r.Context().Done():
	}
	httpjson.WriteError(w, http.StatusUnauthorized, "bad_login", "账号或密码错误")
}

func (s *Server) auth(h func(http.ResponseWriter, *http.Request)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok := httpjson.Bearer(r)
		s.mu.Lock()
		sess, found := s.sessions[tok]
		if found && s.now().After(sess.expires) {
			delete(s.sessions, tok)
			found = false
		}
		s.mu.Unlock()
		if tok == "" || !found {
			httpjson.WriteError(w, http.StatusUnauthorized, "login_required", "请先登录")
			return
		}
		h(w, r)
	})
}

// LiveHall is one hall on the live board.
type LiveHall struct {
	store.LiveHall
	AgeS     int    `json:"age_s"`   // of the live record, by the centre's clock
	Stale    bool   `json:"stale"`   // older than the configured seconds: "last known"
	Lag      uint64 `json:"lag"`     // events the hall has committed that the database lacks
	Pending  uint64 `json:"pending"` // messages in the stream not yet stored
	IngestEr string `json:"ingest_error,omitempty"`
}

func (s *Server) halls(w http.ResponseWriter, r *http.Request) {
	hs, err := s.Store.LiveHalls(r.Context())
	if err != nil {
		s.fail(w, err)
		return
	}
	var st map[string]ingest.Status
	if s.Ingest != nil {
		st = s.Ingest.Status()
	}
	now := s.now()
	out := make([]LiveHall, len(hs))
	for i, h := range hs {
		l := LiveHall{LiveHall: h}
		if h.Live != nil {
			l.AgeS = int(now.Sub(h.Live.At) / time.Second)
			l.Stale = now.Sub(h.Live.At) > s.Stale
			if h.Live.Seq > h.Cursor {
				l.Lag = h.Live.Seq - h.Cursor
			}
		}
		if is, ok := st[h.ID]; ok {
			l.Pending, l.IngestEr = is.Pending, is.Error
		}
		out[i] = l
	}
	httpjson.WriteJSON(w, http.StatusOK, out)
}

func (s *Server) fail(w http.ResponseWriter, err error) {
	if err == context.Canceled {
		return
	}
	s.Log.Error("centre api", "err", err)
	httpjson.WriteError(w, http.StatusInternalServerError, "internal", "服务器内部错误")
}
