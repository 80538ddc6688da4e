package admin

import (
	"io"
	"io/fs"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func (v *env) get(path string) (*http.Response, string) {
	v.t.Helper()
	resp, err := http.Get(v.ts.URL + path)
	if err != nil {
		v.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestServesPageAndScripts(t *testing.T) {
	v := newEnv(t, nil)
	for _, tc := range []struct {
		path, ctype, want string
	}{
		{"/admin/", "text/html", `<html lang="zh-CN">`},
		{"/admin/", "text/html", `<script type="module" src="admin.js">`},
		{"/admin/admin.js", "javascript", `from "/assets/halld.js"`},
		{"/admin/stats.js", "javascript", "按期办结率"},
		{"/admin/charts.js", "javascript", "等候时长分布"},
		{"/admin/svg.js", "javascript", "<svg"},
		{"/admin/admin.css", "text/css", "#console"},
		{"/assets/halld.js", "javascript", "export class Stream"},
	} {
		resp, body := v.get(tc.path)
		if resp.StatusCode != 200 {
			t.Errorf("GET %s: %d", tc.path, resp.StatusCode)
			continue
		}
		if ct := resp.Header.Get("Content-Type"); !strings.Contains(ct, tc.ctype) {
			t.Errorf("GET %s: Content-Type %q, want %s", tc.path, ct, tc.ctype)
		}
		if !strings.Contains(body, tc.want) {
			t.Errorf("GET %s lacks %q", tc.path, tc.want)
		}
		if strings.HasPrefix(tc.path, "/admin/") && resp.Header.Get("Cache-Control") != "no-cache" {
			t.Errorf("GET %s: Cache-Control %q: an upgraded halld must not leave old scripts", tc.path, resp.Header.Get("Cache-Control"))
		}
	}
	if resp, _ := v.get("/admin/nothing.js"); resp.StatusCode != 404 {
		t.Errorf("missing file: %d", resp.StatusCode)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(v.ts.URL + "/admin")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode/100 != 3 || loc != "/admin/" {
		t.Errorf("/admin: %d to %q, want a redirect to /admin/", resp.StatusCode, loc)
	}
	if resp, _ := http.Post(v.ts.URL+"/admin/", "text/plain", nil); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /admin/: %d", resp.StatusCode)
	}
}

var (
	importRe = regexp.MustCompile(`(?m)^import\s+(?:\{([^}]*)\}\s+from\s+|\*\s+as\s+\w+\s+from\s+)?"([^"]+)";`)
	exportRe = regexp.MustCompile(`(?m)^export\s+(?:async\s+)?(?:function|class|const|let)\s+([\w$]+)`)
	idUseRe  = regexp.MustCompile(`\$\("([\w-]+)"\)`)
	idDefRe  = regexp.MustCompile(`\bid="([\w-]+)"`)
)

// TestModulesFit checks what a browser would only find at run time, where
// one bad name stops the whole page: every import resolves to a file that
// is served and exports the imported names, and every element the scripts
// look up by id is in the page.
func TestModulesFit(t *testing.T) {
	v := newEnv(t, nil)
	exports := map[string][]string{}
	source := map[string]string{}
	files, _ := fs.Glob(assets, "assets/*.js")
	for _, f := range files {
		b, _ := fs.ReadFile(assets, f)
		path := "/admin/" + strings.TrimPrefix(f, "assets/")
		source[path] = string(b)
	}
	_, shared := v.get("/assets/halld.js")
	source["/assets/halld.js"] = shared
	for path, src := range source {
		for _, m := range exportRe.FindAllStringSubmatch(src, -1) {
			exports[path] = append(exports[path], m[1])
		}
	}
	html, _ := fs.ReadFile(assets, "assets/index.html")
	ids := map[string]bool{}
	for _, m := range idDefRe.FindAllStringSubmatch(string(html), -1) {
		if ids[m[1]] {
			t.Errorf("index.html: id %q twice", m[1])
		}
		ids[m[1]] = true
	}
	if len(files) < 5 {
		t.Fatalf("only %d scripts embedded", len(files))
	}
	for _, f := range files {
		path := "/admin/" + strings.TrimPrefix(f, "assets/")
		src := source[path]
		for _, m := range importRe.FindAllStringSubmatch(src, -1) {
			target := m[2]
			if strings.HasPrefix(target, "./") {
				target = "/admin/" + target[2:]
			}
			if resp, _ := v.get(target); resp.StatusCode != 200 {
				t.Errorf("%s imports %s: %d", path, m[2], resp.StatusCode)
				continue
			}
			for name := range strings.SplitSeq(m[1], ",") {
				name = strings.TrimSpace(strings.Split(strings.TrimSpace(name), " as ")[0])
				if name != "" && !slices.Contains(exports[target], name) {
					t.Errorf("%s imports %s from %s, which does not export it", path, name, m[2])
				}
			}
		}
		for _, m := range idUseRe.FindAllStringSubmatch(src, -1) {
			if !ids[m[1]] {
				t.Errorf("%s looks up #%s, which index.html lacks", path, m[1])
			}
		}
	}
}

// TestTabsDoNotNest: each tab is its own section beside the others. A
// section left open (a merge once dropped two closing tags) nests every
// later tab inside it, where it stays hidden whichever tab is chosen.
func TestTabsDoNotNest(t *testing.T) {
	html, _ := fs.ReadFile(assets, "assets/index.html")
	depth, tabs := 0, 0
	for _, m := range sectionTagRe.FindAllStringSubmatch(string(html), -1) {
		if m[1] == "/" {
			depth--
			continue
		}
		if depth > 0 {
			t.Errorf("index.html: %s opens inside another section", m[0])
		}
		depth++
		tabs++
	}
	if depth != 0 || tabs < 10 {
		t.Errorf("index.html: %d sections, %d left open", tabs, depth)
	}
}

var sectionTagRe = regexp.MustCompile(`<(/?)section[^>]*>`)
