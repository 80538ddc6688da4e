package api

import (
	"net/http"

	"halld/internal/httpjson"
	"halld/queue"
	"halld/queue/complaints"
)

// WithComplaints serves the 监察投诉窗口's register (docs/api.md, 投诉).
func (s *Server) WithComplaints(d *complaints.Desk) {
	s.complaints = d
	m := s.mux
	m.HandleFunc("POST /api/v1/complaints", s.fileComplaint)
	m.HandleFunc("GET /api/v1/complaints", s.listComplaints)
	m.HandleFunc("GET /api/v1/complaints/{id}", s.getComplaint)
	m.HandleFunc("GET /api/v1/complaints/{id}/contact", s.complaintContact)
	m.HandleFunc("POST /api/v1/complaints/{id}/{verb}", s.advanceComplaint)
}

// sessionOf authenticates r's bearer token, answering the refusal.
func (s *Server) sessionOf(w http.ResponseWriter, r *http.Request) (queue.Session, bool) {
	sess, err := s.e.Authenticate(bearer(r))
	if err != nil {
		s.fail(w, r, err)
		return sess, false
	}
	return sess, true
}

func (s *Server) fileComplaint(w http.ResponseWriter, r *http.Request) {
	sess, ok := s.sessionOf(w, r)
	if !ok {
		return
	}
	var f complaints.Filing
	if !httpjson.Decode(w, r, &f) {
		return
	}
	if f.FollowUp != "" && sess.Role != queue.RoleSystem {
		// 转投诉: the follow-up's window, staff and service, as recorded.
		list, err := s.e.FollowUps(bearer(r))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		found := false
		for _, fu := range list {
			if fu.Ticket == f.FollowUp {
				f, found = complaints.FollowUpFiling(fu, f.Summary, f.Contact), true
			}
		}
		if !found {
			httpjson.WriteError(w, http.StatusNotFound, "followup_not_found", "没有这条待处理的差评回访")
			return
		}
	}
	v, err := s.complaints.File(sess, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusCreated, v)
}

// listComplaints: ?state=open for those not concluded, ?window=N, ?staff=.
func (s *Server) listComplaints(w http.ResponseWriter, r *http.Request) {
	sess, ok := s.sessionOf(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	f := complaints.Filter{Staff: q.Get("staff")}
	if f.Open, f.Window, ok = openAndWindow(w, q); !ok {
		return
	}
	list, err := s.complaints.List(sess, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusOK, list)
}

func (s *Server) getComplaint(w http.ResponseWriter, r *http.Request) {
	sess, ok := s.sessionOf(w, r)
	if !ok {
		return
	}
	v, err := s.complaints.Get(sess, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusOK, v)
}

func (s *Server) complaintContact(w http.ResponseWriter, r *http.Request) {
	sess, ok := s.sessionOf(w, r)
	if !ok {
		return
	}
	c, err := s.complaints.Contact(sess, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusOK, c)
}

// advanceComplaint: investigate ({note}) or conclude ({finding, note}).
func (s *Server) advanceComplaint(w http.ResponseWriter, r *http.Request) {
	var state string
	switch r.PathValue("verb") {
	case "investigate":
		state = complaints.Investigating
	case "conclude":
		state = complaints.Concluded
	default:
		httpjson.WriteError(w, http.StatusNotFound, "no_such_endpoint", "没有这个接口")
		return
	}
	sess, ok := s.sessionOf(w, r)
	if !ok {
		return
	}
	var body struct {
		Finding string `json:"finding,omitempty"`
		Note    string `json:"note,omitempty"`
	}
	if !httpjson.Decode(w, r, &body) {
		return
	}
	v, err := s.complaints.Advance(sess, r.PathValue("id"), complaints.Step{State: state, Finding: body.Finding, Note: body.Note})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusOK, v)
}
