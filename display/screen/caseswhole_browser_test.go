package screen

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"halld/internal/browsertest"
	"halld/queue"
)

// screenCasesWhole: the 办件公示 rows show an approval system's long 受理编号,
// a company and a department whole, never cut or ellipsed, and in large
// text: a row that fits is at 32 px, one that does not is shrunk (not
// under 20 px) or wrapped, and the rows can be told apart.
func screenCasesWhole(t *testing.T, browser context.Context) {
	h := newHall(t, quickOptions(t))
	mk := func(r queue.CaseRequest) {
		t.Helper()
		if _, err := h.e.CreateCase("api:test", r); err != nil {
			t.Fatal(err)
		}
	}
	for i := 1; i <= 3; i++ {
		mk(queue.CaseRequest{Number: fmt.Sprintf("SP-20261202-%04d", i), Service: "estate", Window: 10, Type: queue.CasePromised,
			PromisedDays: 5, Applicant: queue.Applicant{Name: "欧阳娜娜"}})
	}
	mk(queue.CaseRequest{Number: "SCJG-330106-2026-XK-000123456789-ABCDEFG", Service: "exit", Type: queue.CasePromised, PromisedDays: 7,
		Applicant: queue.Applicant{Company: "杭州示范科技发展有限责任公司"}}) // no window: the department
	ctx := openScreen(t, browser, h, "?case_page=120")
	if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](`halldScreen.cases.loads >= 1`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatal(err)
	}
	type cell struct {
		Row, Text string
		PX        float64
		Cut       bool
	}
	// Cut: the text is wider than its cell, or its lines reach out of it
	// (by more than the font's room above and below its glyphs, 0.25 em).
	cells, err := chromedp.Run(ctx, chromedp.Evaluate[[]cell](`[...document.querySelectorAll("#cases th, #cases tbody td")].map((td) => {
		const r = document.createRange();
		r.selectNodeContents(td);
		const a = r.getBoundingClientRect(), b = td.getBoundingClientRect(), px = parseFloat(getComputedStyle(td).fontSize), v = px / 4;
		return {row: td.parentElement.dataset.number || "head", text: td.textContent, px,
			cut: td.scrollWidth > td.clientWidth + 1 || a.left < b.left - 1 || a.right > b.right + 1 || a.top < b.top - v || a.bottom > b.bottom + v};
	})`))
	if err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, "screen-cases-long")
	if lone, err := browsertest.Orphans(ctx); err != nil || len(lone) > 0 {
		t.Errorf("a character alone on a line in %q (%v)", lone, err)
	}
	seen := map[string]bool{}
	for _, c := range cells {
		seen[c.Text] = true
		if c.Cut {
			t.Errorf("row %s: %q is cut", c.Row, c.Text)
		}
		if c.PX < 20 {
			t.Errorf("row %s: %q at %.0f px", c.Row, c.Text, c.PX)
		}
		if c.Row == "SP-20261202-0001" && c.PX < 32 {
			t.Errorf("row %s: %q at %.0f px, want the board's 32 px", c.Row, c.Text, c.PX)
		}
	}
	for _, want := range []string{"SP-20261202-0001", "SP-20261202-0002", "欧**娜", "10号窗口", "公安局出入境管理大队", "杭州示范科技发展有限责任公司"} {
		if !seen[want] {
			t.Errorf("no cell shows %q (cells %+v)", want, cells)
		}
	}
}
