package api

import (
	"io"
	"net/http"
	"net/url"
	"strconv"

	"halld/internal/httpjson"
	"halld/queue"
)

func (s *Server) caseRoutes() {
	m := s.mux
	m.HandleFunc("POST /api/v1/cases", s.createCase)
	m.HandleFunc("PATCH /api/v1/cases/{number}", s.updateCase)
	m.HandleFunc("GET /api/v1/cases", s.listCases)
	m.HandleFunc("GET /api/v1/cases/{number}", s.getCase)
	m.HandleFunc("POST /api/v1/windows/{number}/accept", s.accept)
	m.HandleFunc("POST /api/v1/admin/tokens", s.issueToken)
	m.HandleFunc("GET /api/v1/admin/tokens", s.listTokens)
	m.HandleFunc("DELETE /api/v1/admin/tokens/{name}", s.revokeToken)
	m.HandleFunc("GET /api/v1/admin/holidays", s.holidays)
	m.HandleFunc("PUT /api/v1/admin/holidays", s.loadHolidays)
	m.HandleFunc("GET /api/v1/stats", s.report)
	m.HandleFunc("GET /api/v1/followups", s.followUps)
	m.HandleFunc("PATCH /api/v1/followups/{ticket}", s.updateFollowUp)
}

func (s *Server) createCase(w http.ResponseWriter, r *http.Request) {
	who, err := s.e.CaseActor(bearer(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var req queue.CaseRequest
	if !httpjson.Decode(w, r, &req) {
		return
	}
	v, err := s.e.CreateCase(who, req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusCreated, v)
}

func (s *Server) updateCase(w http.ResponseWriter, r *http.Request) {
	who, err := s.e.CaseActor(bearer(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var u queue.CaseUpdate
	if !httpjson.Decode(w, r, &u) {
		return
	}
	v, err := s.e.UpdateCase(who, r.PathValue("number"), u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusOK, v)
}

// listCases is the board: ?state=open for running cases only, ?window=N.
func (s *Server) listCases(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var f queue.CaseFilter
	var ok bool
	if f.Open, f.Window, ok = openAndWindow(w, q); !ok {
		return
	}
	b, err := s.e.Cases(f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusOK, b)
}

func (s *Server) getCase(w http.ResponseWriter, r *http.Request) {
	v, err := s.e.CaseByNumber(r.PathValue("number"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusOK, v)
}

// accept finishes the window's current service as an accepted case.
func (s *Server) accept(w http.ResponseWriter, r *http.Request) {
	n, ok := windowNumber(w, r)
	if !ok {
		return
	}
	var req queue.CaseRequest
	if !httpjson.Decode(w, r, &req) {
		return
	}
	v, err := s.e.FinishAccepted(queue.Act{Token: bearer(r), Window: n}, req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusCreated, v)
}

func (s *Server) issueToken(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Name string `json:"name"`
	}
	if !httpjson.Decode(w, r, &req) {
		return
	}
	tok, err := s.e.IssueAPIToken(bearer(r), req.Name)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusCreated, map[string]string{"name": req.Name, "token": tok})
}

func (s *Server) listTokens(w http.ResponseWriter, r *http.Request) {
	names, err := s.e.APITokens(bearer(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusOK, names)
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) {
	if err := s.e.RevokeAPIToken(bearer(r), r.PathValue("name")); err != nil {
		s.fail(w, r, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusOK, struct{}{})
}

// holidays tells supervisors and admins which years have tables.
func (s *Server) holidays(w http.ResponseWriter, r *http.Request) {
	if _, err := s.e.CaseActor(bearer(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusOK, s.e.Holidays())
}

// loadHolidays takes next year's official table (the body is the JSON).
func (s *Server) loadHolidays(w http.ResponseWriter, r *http.Request) {
	if err := s.e.AdminOnly(bearer(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 256<<10))
	if err != nil {
		httpjson.WriteError(w, http.StatusRequestEntityTooLarge, "too_large", "请求内容过大")
		return
	}
	y, err := s.e.LoadHolidays(data)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusOK, map[string]int{"year": y})
}

func (s *Server) followUps(w http.ResponseWriter, r *http.Request) {
	list, err := s.e.FollowUps(bearer(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusOK, list)
}

func (s *Server) updateFollowUp(w http.ResponseWriter, r *http.Request) {
	var u queue.FollowUpUpdate
	if !httpjson.Decode(w, r, &u) {
		return
	}
	f, err := s.e.UpdateFollowUp(bearer(r), r.PathValue("ticket"), u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusOK, f)
}

// openAndWindow reads the list filters the case board and the complaints
// share: ?state=open|all and ?window=N. It answers 400 itself when one is
// bad.
func openAndWindow(w http.ResponseWriter, q url.Values) (open bool, window int, ok bool) {
	switch q.Get("state") {
	case "", "all":
	case "open":
		open = true
	default:
		httpjson.WriteError(w, http.StatusBadRequest, "bad_state", "state 只能是 open 或 all")
		return false, 0, false
	}
	if v := q.Get("window"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			httpjson.WriteError(w, http.StatusBadRequest, "bad_window", "窗口号必须是正整数")
			return false, 0, false
		}
		window = n
	}
	return open, window, true
}
