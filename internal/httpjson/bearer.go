package httpjson

import (
	"net/http"
	"strings"
)

// Bearer is the request's bearer token ("" if none).
func Bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if tok, ok := strings.CutPrefix(h, "Bearer "); ok {
		return strings.TrimSpace(tok)
	}
	return ""
}
