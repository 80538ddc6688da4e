package kiosk

import (
	"embed"
	"io/fs"
	"net/http"
)

// The pages are embedded: a hall needs no network and no CDN.
//
//go:embed assets
var assets embed.FS

func assetFS() fs.FS {
	sub, _ := fs.Sub(assets, "assets")
	return sub
}

// pageHandler serves the kiosk page (/kiosk/?id=…) and the scripts and
// styles of both pages under /kiosk/.
func pageHandler() http.Handler {
	files := http.StripPrefix("/kiosk/", http.FileServerFS(assetFS()))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		files.ServeHTTP(w, r)
	})
}

// casePageHandler serves the applicants' case lookup (办件查询).
func casePageHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("Referrer-Policy", "no-referrer")
		http.ServeFileFS(w, r, assetFS(), "case.html")
	})
}

// ticketPageHandler serves the mobile ticket page for every ticket id; the
// page reads the id from its path and loads the ticket through the API.
func ticketPageHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		// Ticket ids are capabilities: keep them out of other sites' logs.
		w.Header().Set("Referrer-Policy", "no-referrer")
		http.ServeFileFS(w, r, assetFS(), "ticket.html")
	})
}
