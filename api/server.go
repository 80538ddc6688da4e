package api

import (
	"errors"
	"log/slog"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"halld/internal/httpjson"
	"halld/queue"
	"halld/queue/audit"
	"halld/queue/complaints"
	"halld/queue/hall"
)

// Server serves the API for one engine.
type Server struct {
	e   *queue.Engine
	log *slog.Logger
	mux *http.ServeMux
	up  websocket.Upgrader

	refusals    *refusalLog    // failed logins, at most loginLogBurst lines a minute
	deviceAddrs []netip.Prefix // besides loopback, see TrustDevices
	issues      *issueLimit    // anonymous issuing, per address
	liveDevices []func() []LiveDevice
	complaints  *complaints.Desk // WithComplaints
	audit       *audit.Trail     // WithAudit: notes the origin of changes
	reminders   reminders        // WithSMS: appointment reminders (booking_sms.go)

	issuing chan struct{} // anonymous issues in flight, at most maxIssuing

	mu               sync.Mutex
	streams          map[*websocket.Conn]struct{}
	closing          bool
	streamCount      int            // streams open or upgrading
	bySource         map[string]int // of them, per source address
	streamsPerSource int
	streamsMax       int
}

// loginLogBurst bounds the "login refused" lines a minute.
const loginLogBurst = 20

// New returns a Server for e. log may be nil.
func New(e *queue.Engine, log *slog.Logger) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{e: e, log: log, mux: http.NewServeMux(), streams: map[*websocket.Conn]struct{}{},
		refusals: newRefusalLog(log, time.Now, loginLogBurst), issues: newIssueLimit(time.Now),
		issuing: make(chan struct{}, maxIssuing), bySource: map[string]int{},
		streamsPerSource: maxStreamsPerSource, streamsMax: maxStreams}
	// A hall has hundreds of streams that mostly wait: a write buffer is
	// borrowed per message, not held per connection, and clients send only
	// pongs and a close, so their read buffer is small.
	s.up = websocket.Upgrader{ReadBufferSize: 512, WriteBufferSize: 4096, WriteBufferPool: &sync.Pool{}}
	s.routes()
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.audit != nil && changes(r) {
		s.audited(w, r)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// Handle mounts another handler (a screen's pages) on the same mux.
func (s *Server) Handle(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET /api/v1/hall", s.hall)
	m.HandleFunc("POST /api/v1/tickets", s.issue)
	m.HandleFunc("GET /api/v1/tickets/{id}", s.ticket)
	m.HandleFunc("POST /api/v1/tickets/{id}/cancel", s.cancel)
	m.HandleFunc("POST /api/v1/tickets/{id}/evaluation", s.evaluate)
	m.HandleFunc("POST /api/v1/login", s.login)
	m.HandleFunc("POST /api/v1/logout", s.logout)
	m.HandleFunc("GET /api/v1/session", s.session)
	m.HandleFunc("GET /api/v1/windows/{number}/waiting", s.waiting)
	m.HandleFunc("POST /api/v1/windows/{number}/{verb}", s.windowVerb)
	m.HandleFunc("POST /api/v1/windows/{number}/{verb}/{id}", s.windowVerb)
	m.HandleFunc("GET /api/v1/events", s.events)
	m.HandleFunc("GET /api/v1/devices", s.devices)
	m.HandleFunc("GET /api/v1/admin/backup", s.backup)
	m.HandleFunc("POST /api/v1/admin/clock/confirm", s.confirmClock)
	m.HandleFunc("PUT /api/v1/admin/notice", s.setNotice)
	s.caseRoutes()
	m.Handle("GET /assets/", assetHandler())
	m.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		httpjson.WriteError(w, http.StatusNotFound, "no_such_endpoint", "没有这个接口")
	})
}

func (s *Server) hall(w http.ResponseWriter, r *http.Request) {
	v, err := s.e.HallView()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusOK, v)
}

func (s *Server) issue(w http.ResponseWriter, r *http.Request) {
	var req queue.IssueRequest
	if !httpjson.Decode(w, r, &req) {
		return
	}
	trusted, ok := s.issueClaims(w, r, req)
	if !ok {
		return
	}
	if !trusted {
		if !s.startIssue(w) {
			return
		}
		defer s.endIssue()
		if wait, ok := s.issues.take(r.RemoteAddr); !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(wait/time.Second)+1))
			httpjson.WriteError(w, http.StatusTooManyRequests, "too_many_tickets", "取号过于频繁，请稍后再试")
			return
		}
	}
	v, err := s.e.Issue(req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusCreated, v)
}

func (s *Server) ticket(w http.ResponseWriter, r *http.Request) {
	v, err := s.e.Ticket(r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusOK, v)
}

func (s *Server) cancel(w http.ResponseWriter, r *http.Request) {
	v, err := s.e.Cancel(bearer(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusOK, v)
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var req queue.LoginRequest
	if !httpjson.Decode(w, r, &req) {
		return
	}
	req.Source = r.RemoteAddr
	tok, sess, err := s.e.Login(req)
	if err != nil {
		s.refusals.Info("login refused", "staff", req.Staff, "window", req.Window, "from", r.RemoteAddr, "err", err)
		s.fail(w, r, err)
		return
	}
	s.log.Info("login", "staff", sess.Staff, "window", sess.Window)
	noteStaff(r, sess)
	httpjson.WriteJSON(w, http.StatusOK, struct {
		Token string `json:"token"`
		queue.Session
	}{tok, sess})
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if err := s.e.Logout(bearer(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusOK, struct{}{})
}

func (s *Server) session(w http.ResponseWriter, r *http.Request) {
	sess, err := s.e.Authenticate(bearer(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusOK, sess)
}

// windowNumber parses {number}; it writes the error itself.
func windowNumber(w http.ResponseWriter, r *http.Request) (int, bool) {
	n, err := strconv.Atoi(r.PathValue("number"))
	if err != nil || n < 1 {
		httpjson.WriteError(w, http.StatusBadRequest, "bad_window", "窗口号必须是正整数")
		return 0, false
	}
	return n, true
}

func (s *Server) waiting(w http.ResponseWriter, r *http.Request) {
	n, ok := windowNumber(w, r)
	if !ok {
		return
	}
	if _, err := s.e.Authenticate(bearer(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	list, err := s.e.Waiting(n)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if list == nil {
		list = []queue.TicketView{}
	}
	httpjson.WriteJSON(w, http.StatusOK, list)
}

func (s *Server) windowVerb(w http.ResponseWriter, r *http.Request) {
	n, ok := windowNumber(w, r)
	if !ok {
		return
	}
	a := queue.Act{Token: bearer(r), Window: n}
	id := r.PathValue("id")
	var (
		v   queue.TicketView
		err error
	)
	switch verb := r.PathValue("verb"); {
	case verb == "call" && id == "":
		v, err = s.e.CallNext(a)
	case verb == "call":
		v, err = s.e.CallTicket(a, id)
	case verb == "callback" && id != "":
		v, err = s.e.Callback(a, id)
	case id != "":
		httpjson.WriteError(w, http.StatusNotFound, "no_such_endpoint", "没有这个接口")
		return
	case verb == "recall":
		v, err = s.e.Recall(a)
	case verb == "start":
		v, err = s.e.Start(a)
	case verb == "finish":
		var body struct {
			Outcome string `json:"outcome"`
		}
		if !httpjson.Decode(w, r, &body) {
			return
		}
		v, err = s.e.Finish(a, body.Outcome)
	case verb == "no-show":
		v, err = s.e.NoShowTicket(a)
	case verb == "hold":
		v, err = s.e.Hold(a)
	case verb == "transfer":
		var body queue.TransferRequest
		if !httpjson.Decode(w, r, &body) {
			return
		}
		v, err = s.e.Transfer(a, body)
	case verb == "pause":
		var body struct {
			Reason string `json:"reason"`
		}
		if !httpjson.Decode(w, r, &body) {
			return
		}
		_, err = s.e.Pause(a, body.Reason)
	case verb == "resume":
		_, err = s.e.Resume(a)
	default:
		httpjson.WriteError(w, http.StatusNotFound, "no_such_endpoint", "没有这个接口")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if v.ID == "" { // pause and resume answer with the window
		hv, err := s.e.HallView()
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, wv := range hv.Windows {
			if wv.Number == n {
				httpjson.WriteJSON(w, http.StatusOK, wv)
				return
			}
		}
	}
	httpjson.WriteJSON(w, http.StatusOK, v)
}

// admin returns the session of r's admin, or answers the refusal (denied
// is the Chinese message for anyone else) and returns false.
func (s *Server) admin(w http.ResponseWriter, r *http.Request, denied string) (queue.Session, bool) {
	sess, err := s.e.Authenticate(bearer(r))
	if err != nil {
		s.fail(w, r, err)
		return sess, false
	}
	if sess.Role != hall.RoleAdmin {
		httpjson.WriteError(w, http.StatusForbidden, "admin_only", denied)
		return sess, false
	}
	return sess, true
}

// backup streams a consistent copy of the database (admins only).
func (s *Server) backup(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.admin(w, r, "只有管理员可以备份"); !ok {
		return
	}
	// A large database takes longer than the server's WriteTimeout.
	http.NewResponseController(w).SetWriteDeadline(time.Time{})
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", `attachment; filename="halld-backup.db"`)
	if n, err := s.e.Backup(w); err != nil {
		s.log.Error("backup failed", "err", err)
		if n == 0 && errors.Is(err, queue.ErrCorrupt) { // verified before a byte was sent
			w.Header().Del("Content-Disposition")
			s.fail(w, r, err)
		}
	}
}

// evaluate takes an applicant's rating from the phone page: the key printed
// in the ticket's QR code proves the paper is in hand.
func (s *Server) evaluate(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Key     string   `json:"key"`
		Level   int      `json:"level"`
		Tags    []string `json:"tags,omitempty"`
		Comment string   `json:"comment,omitempty"`
	}
	if !httpjson.Decode(w, r, &req) {
		return
	}
	v, err := s.e.EvaluateByKey(req.Key, queue.EvaluateRequest{Ticket: r.PathValue("id"), Level: req.Level, Tags: req.Tags, Comment: req.Comment})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusOK, v)
}
