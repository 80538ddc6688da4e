package browsertest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestChineseTextRenders proves the browser starts, runs a module script
// and lays out Chinese text with a real CJK font (fonts-noto-cjk): a
// missing font would render tofu boxes of the fallback width.
func TestChineseTextRenders(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!doctype html><meta charset="utf-8"><span id="t" style="font-size:40px">请到三号窗口办理</span>
<script type="module">document.title = "ready";</script>`)
	}))
	defer ts.Close()
	ctx := New(t, 800, 600)
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL), chromedp.WaitVisible(chromedp.ID("t"))); err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(ctx, chromedp.Title())
	if err != nil || title != "ready" {
		t.Fatalf("module script did not run: %q %v", title, err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("t")))
	if err != nil || text != "请到三号窗口办理" {
		t.Fatalf("text %q %v", text, err)
	}
	fonts, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.fonts.check("40px 'Noto Sans CJK SC'")`))
	if err != nil || !fonts {
		t.Errorf("Noto Sans CJK SC not available to the page (%v); install fonts-noto-cjk", err)
	}
	Screenshot(t, ctx, "browsertest")
}
