package screen

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"halld/internal/browsertest"
	"halld/queue"
)

// movableClock is a clock that runs at the real pace from a chosen hall
// time; set jumps it (forward only: the engine refuses a clock that goes
// back a day).
type movableClock struct {
	mu  sync.Mutex
	off time.Duration
}

func (c *movableClock) set(at time.Time) {
	c.mu.Lock()
	c.off = time.Until(at)
	c.mu.Unlock()
}

func (c *movableClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.off)
}

// caseRow is a row of the board as the test reads it.
type caseRow struct {
	Number string   `json:"number"`
	Class  string   `json:"class"`
	Cells  []string `json:"cells"`
}

const readRows = `[...document.querySelectorAll("#cases tbody tr[data-number]")].map((tr) => ({
	number: tr.dataset.number, class: tr.className, cells: [...tr.cells].map((td) => td.textContent)}))`

// caseHall builds a hall with a history of cases: accepted on Monday
// 2026-11-02 (one promised for 3 working days, one 即办件), then on Monday
// 2026-11-23 one due tomorrow, one whose deadline runs into 2027 (no
// holiday table yet: provisional), one suspended for 补正 and one already
// finished. It returns the hall and the case numbers by name.
func caseHall(t *testing.T) (*hallEnv, *movableClock, map[string]string) {
	t.Helper()
	clk := &movableClock{}
	sh := time.FixedZone("CST", 8*3600)
	clk.set(time.Date(2026, 11, 2, 10, 0, 0, 0, sh))
	opt := quickOptions(t)
	opt.Now = clk.now
	h := newHallClock(t, opt, clk.now)
	n := map[string]string{}
	mk := func(name string, r queue.CaseRequest) {
		t.Helper()
		v, err := h.e.CreateCase("api:test", r)
		if err != nil {
			t.Fatalf("case %s: %v", name, err)
		}
		n[name] = v.Number
	}
	update := func(name string, s queue.CaseState, note string) {
		t.Helper()
		if _, err := h.e.UpdateCase("w1", n[name], queue.CaseUpdate{State: s, Note: note}); err != nil {
			t.Fatal(err)
		}
	}
	mk("overdue", queue.CaseRequest{Service: "estate", Window: 3, Type: queue.CasePromised, PromisedDays: 3,
		Applicant: queue.Applicant{Name: "张三丰", Phone: "13812345678", IDNumber: "11010519491231002X"}})
	mk("instant", queue.CaseRequest{Service: "social", Window: 5, Type: queue.CaseInstant, Applicant: queue.Applicant{Name: "李四"}})
	clk.set(time.Date(2026, 11, 23, 10, 0, 0, 0, sh))
	// Three weeks on (an operator confirms a gap that long): the new day,
	// the warnings turn red.
	if err := h.e.ConfirmDay("2026-11-23"); err != nil {
		t.Fatal(err)
	}
	mk("soon", queue.CaseRequest{Service: "estate", Window: 3, Type: queue.CasePromised, PromisedDays: 1, Urgent: true,
		Applicant: queue.Applicant{Name: "王小明"}})
	mk("provisional", queue.CaseRequest{Service: "business", Window: 6, Type: queue.CaseJoint, PromisedDays: 60,
		Applicant: queue.Applicant{Company: "示范科技有限公司"}})
	mk("paused", queue.CaseRequest{Service: "estate", Window: 4, Type: queue.CasePromised, PromisedDays: 5,
		Applicant: queue.Applicant{Name: "欧阳修"}})
	update("paused", queue.CaseSuspended, "补正材料")
	mk("done", queue.CaseRequest{Service: "estate", Window: 3, Type: queue.CasePromised, PromisedDays: 5,
		Applicant: queue.Applicant{Name: "赵六"}})
	update("done", queue.CaseProcessing, "")
	update("done", queue.CaseDone, "")
	return h, clk, n
}

// screenCases: the board lists the open cases, masked, with red and
// yellow rows, the provisional mark, 暂停计时 and today's finished case;
// it follows case events and pages on its timer.
func screenCases(t *testing.T, browser context.Context) {
	h, _, n := caseHall(t)
	ctx := openScreen(t, browser, h, "?case_page=1")
	if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](`halldScreen.cases.loads >= 1`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatal(err)
	}
	// Page 1 s: collect every row the pager shows over two rounds.
	all, err := chromedp.Run(ctx, chromedp.PollFunction[map[string]caseRow](`() => {
		const seen = (window.seenRows = window.seenRows || {});
		const foot = !document.querySelector("#cases tfoot").hidden;
		for (const r of `+readRows+`) seen[r.number] = r;
		for (const tr of document.querySelectorAll("#cases tbody tr[data-number]")) {
			// The footnote shows with a provisional deadline; no text is cut.
			const cut = [...tr.cells].some((td) => td.scrollWidth > td.clientWidth + 1);
			if (cut || foot !== [...document.querySelectorAll("#cases .c-due")].some((td) => td.textContent.endsWith("*")))
				seen[tr.dataset.number].class += cut ? " CUT" : " FOOTNOTE?";
		}
		return Object.keys(seen).length >= 6 && seen;
	}`, chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		browsertest.Screenshot(t, ctx, "cases-failed")
		t.Fatalf("rows: %v", err)
	}
	want := []struct {
		name, class, applicant, where, due, state, left string
	}{
		{"overdue", "c-open card-red", "张*丰", "3号窗口", "11-05", "已受理", "超期12"},
		{"instant", "c-open card-red", "李*", "5号窗口", "11-02", "已受理", "超期15"},
		{"soon", "c-open card-yellow", "王*明", "3号窗口", "11-24", "已受理", "1"},
		{"provisional", "c-open", "示范科技有限公司", "6号窗口", "", "已受理", ""},
		{"paused", "c-open", "欧*修", "4号窗口", "—", "补正中", "暂停计时"},
		{"done", "c-done", "赵*", "3号窗口", "11-30", "已办结", "按期办结"},
	}
	for _, w := range want {
		r, ok := all[n[w.name]]
		if !ok {
			t.Errorf("%s (%s) not on the board", w.name, n[w.name])
			continue
		}
		c := r.Cells
		if r.Class != w.class || c[0] != n[w.name] || c[2] != w.applicant || c[3] != w.where || c[4] != w.due && w.due != "" ||
			c[5] != w.state || c[6] != w.left && w.left != "" {
			t.Errorf("%s: row %+v, want %+v", w.name, r, w)
		}
	}
	if d := all[n["provisional"]].Cells[4]; !strings.HasSuffix(d, "*") {
		t.Errorf("provisional deadline shown as %q, want a trailing *", d)
	}
	if c := all[n["overdue"]].Cells; c[1] != "不动产登记" {
		t.Errorf("overdue row %q", c)
	}
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("cases").innerText`))
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"张三丰", "王小明", "欧阳修", "13812345678", "1381", "11010519491231002X", "5678"} {
		if strings.Contains(text, secret) {
			t.Errorf("the board shows %q:\n%s", secret, text)
		}
	}
	if s := "今日受理 4 件 · 今日办结 1 件 · 本月按期办结率 100%"; !strings.Contains(text, s) {
		t.Errorf("board lacks %q:\n%s", s, text)
	}
	// The footnote shows on the page that holds the provisional row; the
	// board pages on its own, so wait for that page.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("cases").innerText.includes("* 暂定时限")`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Errorf("no page shows the provisional footnote: %v", err)
	}
	// Rows stand out: a red row's background is red, a yellow one's yellow.
	bg, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](`Object.fromEntries(["red", "yellow"].map((card) => {
		const tr = document.querySelector("#cases tbody").insertRow();
		tr.className = "c-open card-" + card;
		const c = getComputedStyle(tr.insertCell()).backgroundColor;
		tr.remove();
		return [card, c];
	}))`))
	if err != nil || bg["red"] != "rgb(155, 28, 28)" || bg["yellow"] != "rgb(255, 216, 61)" {
		t.Errorf("card colours %v (%v)", bg, err)
	}

	// Live: a new case appears, and a case finished late moves to the
	// finished rows and lowers the on-time rate.
	v, err := h.e.CreateCase("api:test", queue.CaseRequest{Service: "tax", Window: 9, Type: queue.CasePromised, PromisedDays: 10,
		Applicant: queue.Applicant{Name: "孙悟空"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.e.UpdateCase("w1", n["overdue"], queue.CaseUpdate{State: queue.CaseDone}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Poll[chromedp.Void](`halldScreen.cases.open.some((c) => c.number === `+jsString(v.Number)+` && c.applicant === "孙*空")`, chromedp.WithPollingTimeout(5*time.Second)),
		waitText("#cases .c-sum", "今日受理 5 件 · 今日办结 2 件 · 本月按期办结率 50%", 5*time.Second),
		chromedp.Poll[chromedp.Void](`halldScreen.cases.finished.get(`+jsString(n["overdue"])+`)?.on_time === false`, chromedp.WithPollingTimeout(5*time.Second)),
	); err != nil {
		t.Fatalf("events not followed: %v", err)
	}
	// Every row of a page is whole inside the panel (once a page has
	// scrolled into place).
	clipped, err := chromedp.Run(ctx, chromedp.Poll[[]string](`document.querySelector("#cases tbody").getAnimations().length === 0 && (() => {
		const box = document.getElementById("cases").getBoundingClientRect();
		return [...document.querySelectorAll("#cases tr, #cases .c-head > *")].filter((e) => {
			const r = e.getBoundingClientRect();
			return r.bottom > box.bottom + 1 || r.right > box.right + 1;
		}).map((e) => e.textContent);
	})()`, chromedp.WithPollingTimeout(5*time.Second)))
	if err != nil || len(clipped) > 0 {
		t.Errorf("clipped %q (%v)", clipped, err)
	}
}

// screenCasesWindows: a screen for windows 3 and 9 lists only their cases
// (pageing slowly, so the screenshot holds still).
func screenCasesWindows(t *testing.T, browser context.Context) {
	h, _, n := caseHall(t)
	h.call(t, "estate", 3)
	ctx := openScreen(t, browser, h, "")
	if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](`halldScreen.cases.loads >= 1`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, "screen-cases-1920x1080")

	ctx = openScreen(t, browser, h, "?windows=3,9")
	if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](`halldScreen.cases.loads >= 1`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatal(err)
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`halldScreen.cases.rows.map((c) => c.number)`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows, ",") != strings.Join([]string{n["overdue"], n["soon"], n["done"]}, ",") {
		t.Errorf("windows 3,9 board %v, want overdue, soon, done %v", rows, n)
	}
	if err := chromedp.Do(ctx, waitText("#cases .c-sum", "全厅今日受理 4 件 · 今日办结 1 件 · 本月按期办结率 100%", time.Second)); err != nil {
		t.Error(err)
	}
}
