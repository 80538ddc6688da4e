package admin

import (
	"bytes"
	"context"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"halld/internal/browsertest"
	"halld/queue"
	"halld/queue/assess"
)

// TestConsoleAssessment shows November 2025 of hallDay in the 考核 tab —
// two 差评, a case finished two working days late, a follow-up closed
// late — each point with its event, then prints it: the print media hides
// the console and keeps the report, and the PDF is made.
func TestConsoleAssessment(t *testing.T) {
	v := newEnv(t, nil)
	v.srv.WithAssessment(assess.NewLedger(v.e, v.e.Hall(), v.e.Calendar()))
	first, _ := v.hallDay()
	admin := v.adminToken()
	if _, err := v.e.UpdateCase("admin", "SP-20251120-01", queue.CaseUpdate{State: queue.CaseDone}); err != nil {
		t.Fatal(err)
	}
	if _, err := v.e.UpdateFollowUp(admin, first, queue.FollowUpUpdate{State: queue.FollowClosed, Note: "已回访致歉"}); err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.New(t, 1366, 768)
	noScriptErrors(t, ctx)
	download := downloads(t, ctx)

	unit := `.assess-unit[data-unit="自然资源和规划局"]`
	step(t, ctx, "the month's report",
		chromedp.Navigate(v.ts.URL+"/admin/#assess"),
		login("admin"),
		chromedp.WaitVisible(chromedp.ID("console")),
		chromedp.Click(chromedp.CSS(`[data-tab="assess"]`)),
		// 100 − 2 (two 差评) − 4 (due Fri 21st, done Tue 25th: 2 working
		// days at 2 points) − 1 (the follow-up closed late) = 93.
		waitText(unit+" h3", "93 分"),
		waitText(unit+" h3", "称职"),
		waitText(unit, "SP-20251120-01"),
		waitText(unit, "差评回访逾期"),
		waitText(`.assess-unit[data-unit="w3"] h3`, "张伟（w3）"),
		waitText("#assess-least", "张伟（w3，差评 2 次"),
	)
	month, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("assess-month")))
	if month != "2025-11" {
		t.Errorf("month %q, want the hall's 2025-11", month)
	}
	browsertest.Screenshot(t, ctx, "admin-assessment")

	file := download(chromedp.Click(chromedp.ID("assess-csv")))
	if !bytes.HasPrefix(file, []byte("\uFEFF月份,类别")) || !bytes.Contains(file, []byte("办件超期（天）,1,-4")) {
		t.Errorf("csv:\n%s", file)
	}

	// Print: the console's chrome goes, every unit stays whole.
	step(t, ctx, "print media", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}),
		waitJS(`getComputedStyle(document.querySelector("header.top")).display === "none"`),
		waitJS(`getComputedStyle(document.getElementById("assess-form")).display === "none"`),
		waitJS(`getComputedStyle(document.querySelector(".assess-unit")).breakInside === "avoid"`),
		waitJS(`document.querySelector(".assess-unit").getBoundingClientRect().height > 0`),
	)
	browsertest.Screenshot(t, ctx, "admin-assessment-print")
	var out page.PrintToPDFResult
	step(t, ctx, "print to PDF", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		var err error
		out, err = chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{})
		return err
	}))
	if !bytes.HasPrefix(out.Data, []byte("%PDF")) || len(out.Data) < 2000 {
		t.Errorf("PDF of %d bytes: %q", len(out.Data), out.Data[:min(len(out.Data), 8)])
	}
}
