package pagefs

import (
	"net/http/httptest"
	"testing"
	"testing/fstest"
)

func TestHandlerAndFile(t *testing.T) {
	fsys := fstest.MapFS{
		"assets/index.html": {Data: []byte("<p>hi</p>")},
		"assets/page.js":    {Data: []byte("export {}")},
	}
	h := Handler(fsys, "assets", "/x/")
	for path, want := range map[string]int{"/x/": 200, "/x/page.js": 200, "/x/nope.js": 404} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != want || (want == 200 && rec.Header().Get("Cache-Control") != "no-cache") {
			t.Errorf("%s: %d %q", path, rec.Code, rec.Header().Get("Cache-Control"))
		}
	}
	rec := httptest.NewRecorder()
	File(fsys, "assets/index.html").ServeHTTP(rec, httptest.NewRequest("GET", "/t/abc", nil))
	if rec.Code != 200 || rec.Body.String() != "<p>hi</p>" || rec.Header().Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("File: %d %q", rec.Code, rec.Body.String())
	}
}
