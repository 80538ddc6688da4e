package api

import (
	"net/http"

	"halld/internal/httpjson"
	"halld/queue"
	"halld/queue/attendance"
	"halld/queue/hall"
)

// WithAttendance serves the attendance book (考勤): punches, the day's
// board, leave and the month's summary (docs/api.md, 考勤).
func (s *Server) WithAttendance(b *attendance.Book) {
	m := s.mux
	m.HandleFunc("POST /api/v1/attendance/punch", func(w http.ResponseWriter, r *http.Request) { s.attendancePunch(b, w, r) })
	m.HandleFunc("GET /api/v1/attendance", func(w http.ResponseWriter, r *http.Request) {
		by, ok := s.attendanceSession(w, r)
		if !ok {
			return
		}
		day := r.URL.Query().Get("day")
		if day == "" {
			day = b.Today()
		}
		v, err := b.Board(by, day)
		s.attendanceReply(w, r, http.StatusOK, v, err)
	})
	m.HandleFunc("GET /api/v1/attendance/month", func(w http.ResponseWriter, r *http.Request) {
		by, ok := s.attendanceSession(w, r)
		if !ok {
			return
		}
		q := r.URL.Query()
		month := q.Get("month")
		if month == "" {
			month = b.Today()[:7]
		}
		if staff := q.Get("staff"); staff != "" {
			v, err := b.Month(by, staff, month)
			s.attendanceReply(w, r, http.StatusOK, v, err)
			return
		}
		v, err := b.Months(by, month)
		s.attendanceReply(w, r, http.StatusOK, struct {
			Month string                    `json:"month"`
			Staff []attendance.MonthSummary `json:"staff"`
		}{month, v}, err)
	})
	m.HandleFunc("GET /api/v1/attendance/leave", func(w http.ResponseWriter, r *http.Request) {
		by, ok := s.attendanceSession(w, r)
		if !ok {
			return
		}
		q := r.URL.Query()
		from, to := q.Get("from"), q.Get("to")
		if from == "" {
			from = "0000-00-00"
		}
		if to == "" {
			to = "9999-99-99"
		}
		v, err := b.Leaves(by, from, to)
		if v == nil {
			v = []attendance.Leave{}
		}
		s.attendanceReply(w, r, http.StatusOK, v, err)
	})
	m.HandleFunc("POST /api/v1/attendance/leave", func(w http.ResponseWriter, r *http.Request) {
		by, ok := s.attendanceSession(w, r)
		if !ok {
			return
		}
		var req attendance.LeaveRequest
		if !httpjson.Decode(w, r, &req) {
			return
		}
		v, err := b.AddLeave(by, req)
		if err == nil {
			s.log.Info("attendance: leave recorded", "leave", v.ID, "staff", v.Staff, "by", by.Staff)
		}
		s.attendanceReply(w, r, http.StatusCreated, v, err)
	})
	m.HandleFunc("POST /api/v1/attendance/leave/{id}/cancel", func(w http.ResponseWriter, r *http.Request) {
		by, ok := s.attendanceSession(w, r)
		if !ok {
			return
		}
		v, err := b.CancelLeave(by, r.PathValue("id"))
		s.attendanceReply(w, r, http.StatusOK, v, err)
	})
}

// attendancePunch takes a punch by staff id and PIN from anyone (the terminal's
// login screen; wrong PINs count as failed logins do), or by card number
// from a supervisor, an admin or a machine (a board's agent, a system):
// card numbers are no secret, so a card punch needs a trusted sender.
func (s *Server) attendancePunch(b *attendance.Book, w http.ResponseWriter, r *http.Request) {
	var req attendance.PunchRequest
	if !httpjson.Decode(w, r, &req) {
		return
	}
	req.Source = r.RemoteAddr
	if req.Card != "" {
		if req.Staff != "" || req.PIN != "" {
			httpjson.WriteError(w, http.StatusBadRequest, "card_or_pin", "请只刷卡或只输入工号和密码")
			return
		}
		sess, err := s.e.Authenticate(bearer(r))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		switch sess.Role {
		case hall.RoleSupervisor, hall.RoleAdmin, queue.RoleAgent, queue.RoleSystem:
		default:
			httpjson.WriteError(w, http.StatusForbidden, "card_not_allowed", "刷卡打卡须由读卡器或值班长提交")
			return
		}
		req.Device = sess.Staff
	}
	v, err := b.Punch(req)
	if err != nil && req.Card == "" {
		s.refusals.Info("punch refused", "staff", req.Staff, "from", r.RemoteAddr, "err", err)
	}
	s.attendanceReply(w, r, http.StatusOK, v, err)
}

// attendanceSession authenticates a request's bearer token; it writes the
// refusal itself. The book checks the role.
func (s *Server) attendanceSession(w http.ResponseWriter, r *http.Request) (queue.Session, bool) {
	sess, err := s.e.Authenticate(bearer(r))
	if err != nil {
		s.fail(w, r, err)
		return queue.Session{}, false
	}
	return sess, true
}

// attendanceReply writes v with status, or err.
func (s *Server) attendanceReply(w http.ResponseWriter, r *http.Request, status int, v any, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	httpjson.WriteJSON(w, status, v)
}
