package screen

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"halld/api"
	"halld/internal/browsertest"
	"halld/queue"
	"halld/queue/assess"
	"halld/queue/hall"
	"halld/queue/queuetest"
)

// TestBoardBrowser shows December 2025's 红黑榜: 自然资源和规划局 with the
// 流动红旗, 张伟 among the 先进个人 by name and 工号, 人力资源和社会保障局
// (one 差评) on the black side, and nothing of the 差评 itself.
func TestBoardBrowser(t *testing.T) {
	now := time.Date(2025, 12, 1, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))
	e := queuetest.Open(t, hall.Demo(), queue.Options{Now: func() time.Time { return now }})
	scr, err := New(Options{Location: e.Hall().Location})
	if err != nil {
		t.Fatal(err)
	}
	srv := api.New(e, nil)
	scr.Register(srv)
	srv.WithAssessment(assess.NewLedger(e, e.Hall(), e.Calendar()))
	ts := httptest.NewServer(srv)
	t.Cleanup(func() { srv.CloseStreams(); ts.Close() })
	for _, s := range []struct {
		staff, service string
		window, level  int
	}{{"w3", "estate", 3, 5}, {"w3", "estate", 3, 4}, {"w5", "social", 5, 1}} {
		tok, _, err := e.Login(queue.LoginRequest{Staff: s.staff, PIN: "1234", Window: s.window})
		if err != nil {
			t.Fatal(err)
		}
		a := queue.Act{Token: tok, Window: s.window}
		tv, err := e.Issue(queue.IssueRequest{Service: s.service, Channel: "kiosk"})
		if err == nil {
			_, err = e.CallNext(a)
		}
		if err == nil {
			_, err = e.Start(a)
		}
		if err == nil {
			_, err = e.Finish(a, queue.OutcomeHandled)
		}
		if err == nil {
			_, err = e.Evaluate(queue.EvaluateRequest{Ticket: tv.ID, Level: s.level, Channel: "keypad"})
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	ctx := browsertest.New(t, 1920, 1080)
	contains := func(sel, want string) chromedp.Action[chromedp.Void] {
		return chromedp.Poll[chromedp.Void](`(document.querySelector(`+jsString(sel)+`)?.textContent || "").includes(`+jsString(want)+`)`,
			chromedp.WithPollingTimeout(10*time.Second))
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/screen/board.html?month=2025-12"),
		contains("#board-title", "示范区政务服务中心 · 红黑榜"),
		contains("#red-flag", "自然资源和规划局（2025-11 至 2025-12）"),
		contains("#advanced", "张伟（w3）"),
		contains("#black", "人力资源和社会保障局 99 分"),
		contains("#units", "自然资源和规划局 100 分"),
	); err != nil {
		text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
		t.Fatalf("%v\npage: %s", err, text)
	}
	browsertest.Screenshot(t, ctx, "screen-board")
	text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	if strings.Contains(text, "差评") || strings.Contains(text, "非常") {
		t.Errorf("the board shows more than it may:\n%s", text)
	}
}
