package api

import (
	"net/http"

	"halld/internal/httpjson"
)

// fail answers err the way every halld handler does (httpjson.Fail).
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	httpjson.Fail(w, r, s.log, err)
}

// bearer is the request's bearer token ("" if none).
func bearer(r *http.Request) string { return httpjson.Bearer(r) }
