package admin

import (
	"slices"
	"testing"

	"github.com/chromedp/chromedp"

	"halld/internal/browsertest"
)

// TestSharesAddUp: the console's shares of the served (主动评价率, rated by
// default, 未评价率) are rounded so that they add up to 100%.
func TestSharesAddUp(t *testing.T) {
	v := newEnv(t, nil)
	ctx := browsertest.New(t, 800, 600)
	if err := chromedp.Do(ctx, chromedp.Navigate(v.ts.URL+"/admin/"),
		chromedp.Evaluate[chromedp.Void](`import("/admin/format.js").then((m) => { window.shareCases = [
			m.shares([2, 0, 5], 7), m.shares([1, 1, 1], 3), m.shares([2, 0, 0], 2), m.shares([0, 0, 0], 0), m.shares([1, 0, 0], 3)]; })`),
		chromedp.Poll[chromedp.Void](`window.shareCases`),
	); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[][]string](`window.shareCases`))
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"28.6%", "0.0%", "71.4%"},  // 2/7 is 28.571…: 28.6, not 28.5 rounded down
		{"33.4%", "33.3%", "33.3%"}, // the largest remainder, the first of equals, takes the tenth
		{"100%", "0.0%", "0.0%"},
		{"—", "—", "—"},
		{"33.3%", "0.0%", "0.0%"}, // not one whole: each on its own, as rate does
	}
	for i := range want {
		if i >= len(got) || !slices.Equal(got[i], want[i]) {
			t.Errorf("case %d: %q, want %q", i, got, want)
			break
		}
	}
}
