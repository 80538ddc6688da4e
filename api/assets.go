package api

import (
	"embed"
	"net/http"
)

//go:embed assets
var assets embed.FS

// assetHandler serves the shared browser client (/assets/halld.js). The
// files are embedded, so a hall needs no network and no CDN.
func assetHandler() http.Handler {
	fs := http.FileServerFS(assets)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		fs.ServeHTTP(w, r)
	})
}
