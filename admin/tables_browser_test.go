package admin

import (
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"halld/internal/browsertest"
	"halld/queue"
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

// TestDevicesNaturalOrder: devices are listed in natural order (keypad-3
// before keypad-10) with where each is, and the holiday form explains its file without
// pointing at a source path.
func TestDevicesNaturalOrder(t *testing.T) {
	v := newEnv(t, nil)
	for _, id := range []string{"keypad-10", "keypad-3", "keypad-1", "rs485-0/12", "rs485-0/2"} {
		kind, place := "keypad", strings.TrimPrefix(id, "keypad-")+"号窗口"
		if strings.HasPrefix(id, "rs485") {
			kind, place = "led_board", "大厅"
		}
		if err := v.e.ReportDevice(queue.DeviceState{ID: id, Kind: kind, State: queue.DeviceOK, Location: place}); err != nil {
			t.Fatal(err)
		}
	}
	ctx := browsertest.New(t, 1366, 768)
	step(t, ctx, "devices",
		chromedp.Navigate(v.ts.URL+"/admin/"),
		login("admin"),
		chromedp.WaitVisible(chromedp.ID("console")),
		waitText("#devices", "keypad-10"),
	)
	ids, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#devices tr")].map((tr) => tr.dataset.device)`))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"keypad-1", "keypad-3", "keypad-10", "rs485-0/2", "rs485-0/12"}; !slices.Equal(ids, want) {
		t.Errorf("devices %q, want %q", ids, want)
	}
	places, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#devices tr td.place")].map((td) => td.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"1号窗口", "3号窗口", "10号窗口", "大厅", "大厅"}; !slices.Equal(places, want) {
		t.Errorf("locations %q, want %q", places, want)
	}
	hint, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("holiday-form").textContent`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(hint, "queue/") || !strings.Contains(hint, "off: false") {
		t.Errorf("holiday form text: %s", hint)
	}
}
