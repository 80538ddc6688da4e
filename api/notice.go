package api

import (
	"net/http"

	"halld/internal/httpjson"
)

// setNotice replaces the big screen's notice line (admins). The hall's
// centre pushes notices through the same engine verb, checked the same.
func (s *Server) setNotice(w http.ResponseWriter, r *http.Request) {
	if err := s.e.AdminOnly(bearer(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	var req struct {
		Text string `json:"text"`
	}
	if !httpjson.Decode(w, r, &req) {
		return
	}
	n, err := s.e.SetNotice(req.Text, "admin")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusOK, n)
}
