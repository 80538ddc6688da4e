package api

import (
	"net/http"

	"halld/internal/httpjson"
	"halld/queue/guide"
	"halld/queue/hall"
)

// WithGuides mounts the service guides (办事指南): anybody reads them (the
// kiosk, the phone page); only an admin writes one.
func (s *Server) WithGuides(g *guide.Guides) {
	s.mux.HandleFunc("GET /api/v1/guides", func(w http.ResponseWriter, r *http.Request) {
		httpjson.WriteJSON(w, http.StatusOK, struct {
			Guides []guide.View `json:"guides"`
		}{g.List()})
	})
	s.mux.HandleFunc("GET /api/v1/guides/{service}", func(w http.ResponseWriter, r *http.Request) {
		v, err := g.Get(r.PathValue("service"))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		httpjson.WriteJSON(w, http.StatusOK, v)
	})
	s.mux.HandleFunc("PUT /api/v1/guides/{service}", func(w http.ResponseWriter, r *http.Request) {
		sess, err := s.e.Authenticate(bearer(r))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if sess.Role != hall.RoleAdmin {
			httpjson.WriteError(w, http.StatusForbidden, "forbidden", "只有管理员可以编辑办事指南")
			return
		}
		var body guide.Guide
		if !httpjson.Decode(w, r, &body) {
			return
		}
		v, err := g.Set(sess.Staff, r.PathValue("service"), body)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		httpjson.WriteJSON(w, http.StatusOK, v)
	})
}
