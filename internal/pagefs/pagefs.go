// Package pagefs serves the pages and scripts embedded in halld's binary.
// Every answer says Cache-Control: no-cache, so the hall's browsers, which
// run for months, pick up a new halld's pages after an upgrade.
//
// Caveat: embedded files carry no modification time, so nothing is
// revalidated cheaply: each load sends the files again (they are small and
// travel the hall's LAN only).
package pagefs

import (
	"io/fs"
	"net/http"
)

// Handler serves the directory dir of fsys under the URL prefix (which
// ends in a slash, e.g. "/terminal/").
func Handler(fsys fs.FS, dir, prefix string) http.Handler {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err) // dir is a constant of the caller's embed pattern
	}
	files := http.StripPrefix(prefix, http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		files.ServeHTTP(w, r)
	})
}

// File serves one file of fsys for any path (a page that reads its own
// URL, such as /t/{ticket id}); it sends no Referer to other sites.
func File(fsys fs.FS, name string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("Referrer-Policy", "no-referrer")
		http.ServeFileFS(w, r, fsys, name)
	})
}
