package main

import "net/http"

// contentPolicy: scripts only from halld's own files (no inline script or
// handler anywhere), no framing (clickjacking of the kiosk or the admin
// console), WebSockets and fetches to halld only. Styles may be inline: the
// pages set a few style attributes, and a style cannot run code.
const contentPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; media-src 'self' blob: data:; connect-src 'self'; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the headers every answer carries; a handler may
// override one (the phone page's Referrer-Policy).
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY") // frame-ancestors for older browsers
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}
