package admin

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"halld/internal/browsertest"
	"halld/queue"
	"halld/queue/hall"
)

// set moves the test clock forward to t.
func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.Before(c.t) {
		panic("the test clock only moves forward")
	}
	c.t = t
}

// visit is one applicant on Friday 2025-11-21: a ticket issued at a hall
// time, called after a wait at a window by a clerk, served for a minute
// and rated at a level; level 0 leaves the ticket waiting.
type visit struct {
	at      string
	service string
	wait    time.Duration
	staff   string
	window  int
	level   int
}

// chartDay plays the visits through the engine, as the kiosk, the window
// terminals and the keypads would. A clerk stays logged in between visits
// (a login hashes the PIN, slowly on purpose).
func (v *env) chartDay(visits []visit) {
	t, e := v.t, v.e
	type post struct {
		window int
		token  string
	}
	posts := map[string]post{}
	act := func(staff string, window int) queue.Act {
		if p, ok := posts[staff]; ok && p.window == window {
			return queue.Act{Token: p.token, Window: window}
		}
		for id, p := range posts { // one person, one window, and one person a window
			if id == staff || p.window == window {
				if err := e.Logout(p.token); err != nil {
					t.Fatal(err)
				}
				delete(posts, id)
			}
		}
		tok, _, err := e.Login(queue.LoginRequest{Staff: staff, PIN: "1234", Window: window})
		if err != nil {
			t.Fatalf("%s at window %d: %v", staff, window, err)
		}
		posts[staff] = post{window, tok}
		return queue.Act{Token: tok, Window: window}
	}
	for _, x := range visits {
		at, err := time.ParseInLocation("2006-01-02 15:04", "2025-11-21 "+x.at, shanghai)
		if err != nil {
			t.Fatal(err)
		}
		v.clock.set(at)
		tk, err := e.Issue(queue.IssueRequest{Service: x.service, Channel: "kiosk"})
		if err != nil {
			t.Fatal(err)
		}
		if x.level == 0 {
			continue
		}
		a := act(x.staff, x.window)
		v.clock.advance(x.wait)
		called, err := e.CallNext(a)
		if err != nil || called.ID != tk.ID {
			t.Fatalf("window %d called %s (%v), want %s", x.window, called.ID, err, tk.ID)
		}
		if _, err := e.Start(a); err != nil {
			t.Fatal(err)
		}
		v.clock.advance(time.Minute)
		if _, err := e.Finish(a, "handled"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Evaluate(queue.EvaluateRequest{Ticket: tk.ID, Level: x.level, Channel: "keypad"}); err != nil {
			t.Fatal(err)
		}
	}
}

// bar is what a chart's bar says of itself.
type bar struct {
	Key    int     `json:"key"`
	Count  int     `json:"count"`
	Height float64 `json:"height"`
}

func bars(sel, key string) chromedp.Action[[]bar] {
	return chromedp.Evaluate[[]bar](`[...document.querySelectorAll(` + jsString(sel) + `)].map((r) => ({
		key: +r.dataset.` + key + `, count: +r.dataset.count, height: +r.getAttribute("height")}))`)
}

// satRow is a row of a satisfaction chart: its key, 好评率 and the counts
// of its segments, 非常满意 first.
type satRow struct {
	Key    string `json:"key"`
	Rate   string `json:"rate"`
	Levels []int  `json:"levels"` // the counts of the segments
	Order  []int  `json:"order"`  // the segments' levels
}

func satRows(id string) chromedp.Action[[]satRow] {
	return chromedp.Evaluate[[]satRow](`[...document.querySelectorAll("#` + id + ` g[data-key]")].map((g) => ({
		key: g.dataset.key, rate: g.dataset.goodRate,
		levels: [...g.querySelectorAll("rect[data-level]")].map((r) => +r.dataset.count),
		order: [...g.querySelectorAll("rect[data-level]")].map((r) => +r.dataset.level)}))`)
}

// checkHeights fails unless the bars' heights are proportional to their
// counts (to the drawing's 0.1 px) and the tallest is clearly visible.
func checkHeights(t *testing.T, what string, got []bar) {
	t.Helper()
	top := slices.MaxFunc(got, func(a, b bar) int { return a.Count - b.Count })
	if top.Height < 100 {
		t.Errorf("%s: the tallest bar is %.1f px", what, top.Height)
	}
	for _, b := range got {
		if want := top.Height * float64(b.Count) / float64(top.Count); math.Abs(b.Height-want) > 0.15 {
			t.Errorf("%s: bar %d of %d is %.1f px high, want %.1f", what, b.Key, b.Count, b.Height, want)
		}
	}
}

// TestStatsCharts draws the 统计 tab's charts from a day whose tickets,
// waits and evaluations are known.
func TestStatsCharts(t *testing.T) {
	h := hall.Demo()
	// The day jumps hours between a window's requests and lasts longer
	// than a session may.
	h.Policy.SessionIdleMinutes, h.Policy.SessionMaxHours = 0, 0
	v := newEnv(t, h)
	m := time.Minute
	v.chartDay([]visit{
		{"06:50", "estate", 2 * m, "w3", 3, 5},
		{"08:00", "estate", 3 * m, "w3", 3, 5},
		{"08:20", "social", 4 * m, "w5", 5, 4},
		{"09:00", "estate", 7 * m, "w3", 3, 3},
		{"10:00", "social", 8 * m, "w5", 5, 1},
		{"10:20", "estate", 12 * m, "w3", 3, 5},
		{"10:40", "estate", 13 * m, "w4", 4, 2},
		{"14:00", "estate", 14 * m, "w4", 4, 5},
		{"14:30", "social", 22 * m, "w4", 5, 2}, // w4's second post is window 5
		{"15:00", "estate", 41 * m, "w3", 3, 4},
		{"15:45", "estate", 4*time.Hour + 15*m, "w3", 3, 4}, // past the histogram's 4 hours
		{"21:05", "estate", 0, "", 0, 0},                    // still waiting
	})
	ctx := browsertest.New(t, 1366, 768)
	noScriptErrors(t, ctx)
	download := downloads(t, ctx)
	step(t, ctx, "charts",
		chromedp.Navigate(v.ts.URL+"/admin/#stats"),
		login("admin"),
		waitText("#stats-msg", "2025年11月1日至2025年11月21日"),
		chromedp.WaitVisible(chromedp.CSS(`#chart-hours svg[role="img"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#chart-sat-staff g[data-key]`)),
	)

	// 每小时取号量: 07–20 h, widened to 06 and 21 by their tickets.
	hours, err := chromedp.Run(ctx, bars("#chart-hours rect[data-hour]", "hour"))
	if err != nil {
		t.Fatal(err)
	}
	issued := map[int]int{6: 1, 8: 2, 9: 1, 10: 3, 14: 2, 15: 2, 21: 1}
	var keys, counts, want []int
	for h := 6; h <= 21; h++ {
		want = append(want, issued[h])
	}
	for _, b := range hours {
		keys = append(keys, b.Key)
		counts = append(counts, b.Count)
	}
	if !slices.Equal(keys, []int{6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21}) || !slices.Equal(counts, want) {
		t.Errorf("hour bars %v counts %v, want 06–21 h with %v", keys, counts, want)
	}
	checkHeights(t, "hours", hours)

	// 等候时长分布: waits 2 3 4 | 7 8 | 12 13 14 | 22 | 41 | 255 minutes.
	// The 90th percentile's rank is 10 of 11: the 40–45 bucket, so 45 minutes.
	waits, err := chromedp.Run(ctx, bars("#chart-waits rect[data-bucket]", "bucket"))
	if err != nil {
		t.Fatal(err)
	}
	hist := make([]int, 48)
	hist[0], hist[1], hist[2], hist[4], hist[8], hist[47] = 3, 2, 3, 1, 1, 1
	counts = counts[:0]
	for i, b := range waits {
		if b.Key != i {
			t.Errorf("wait bar %d is bucket %d", i, b.Key)
		}
		counts = append(counts, b.Count)
	}
	if !slices.Equal(counts, hist) {
		t.Errorf("wait buckets %v\nwant %v", counts, hist)
	}
	checkHeights(t, "waits", waits)
	marker, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => { const m = document.querySelector("#chart-waits [data-p90]");
		return [m.dataset.bucket, m.dataset.p90, m.textContent, m.closest("svg").getAttribute("aria-label")]; })()`))
	if err != nil {
		t.Fatal(err)
	}
	if marker[0] != "8" || marker[1] != "2700" || marker[2] != "90%≤45.0分钟" || !strings.Contains(marker[3], "90%的人等候不超过45.0分钟") {
		t.Errorf("p90 marker %q", marker)
	}
	labels, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#chart-waits text.tick")].map((t) => t.textContent)`))
	if !slices.Contains(labels, "0–5") || !slices.Contains(labels, "≥235") {
		t.Errorf("wait axis labels %q", labels)
	}
	p90cell, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#stats-rows tr:first-child td:nth-child(6)")))
	if p90cell != "45.0分钟" {
		t.Errorf("the table's 90%%等候 is %q, the chart's 45.0分钟", p90cell)
	}

	// 满意度: worst 好评率 first; segments 非常满意 … 非常不满意.
	for _, tc := range []struct {
		id   string
		want []satRow
	}{
		{"chart-sat-window", []satRow{
			{Key: "5", Rate: "33.3%", Levels: []int{0, 1, 0, 1, 1}},
			{Key: "4", Rate: "50.0%", Levels: []int{1, 0, 0, 1, 0}},
			{Key: "3", Rate: "100%", Levels: []int{3, 2, 1, 0, 0}},
		}},
		{"chart-sat-staff", []satRow{
			{Key: "w4", Rate: "33.3%", Levels: []int{1, 0, 0, 2, 0}},
			{Key: "w5", Rate: "50.0%", Levels: []int{0, 1, 0, 0, 1}},
			{Key: "w3", Rate: "100%", Levels: []int{3, 2, 1, 0, 0}},
		}},
	} {
		got, err := chromedp.Run(ctx, satRows(tc.id))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(tc.want) {
			t.Errorf("%s: %+v", tc.id, got)
			continue
		}
		for i, g := range got {
			w := tc.want[i]
			if g.Key != w.Key || g.Rate != w.Rate || !slices.Equal(g.Levels, w.Levels) {
				t.Errorf("%s row %d: %s %s %v, want %s %s %v", tc.id, i, g.Key, g.Rate, g.Levels, w.Key, w.Rate, w.Levels)
			}
			if !slices.Equal(g.Order, []int{5, 4, 3, 2, 1}) {
				t.Errorf("%s row %d: segments of levels %v, want 非常满意 (5) … 非常不满意 (1)", tc.id, i, g.Order)
			}
		}
	}
	legend, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("chart-sat-legend").textContent`))
	if legend != "非常满意满意基本满意不满意非常不满意" {
		t.Errorf("legend %q", legend)
	}
	step(t, ctx, "show the charts", chromedp.Evaluate[chromedp.Void](`document.getElementById("stats-charts").scrollIntoView()`))
	browsertest.Screenshot(t, ctx, "admin-stats-charts")

	// Each chart's CSV, with a byte-order mark like the table's.
	for _, tc := range []struct {
		button string
		want   []string
	}{
		{"chart-hours-csv", []string{"\ufeff时段,取号（张）", "06:00-07:00,1", "07:00-08:00,0", "08:00-09:00,2"}},
		{"chart-waits-csv", []string{"\ufeff等候时长（分钟）,人次,累计占比", "0–5,3,27.2%", "5–10,2,45.4%"}},
		{"chart-satw-csv", []string{"\ufeff窗口,非常满意,满意,基本满意,不满意,非常不满意,评价数,好评率",
			"5号窗口 社保医保,0,1,0,1,1,3,33.3%", "4号窗口 不动产登记,1,0,0,1,0,2,50.0%", "3号窗口 不动产登记,3,2,1,0,0,6,100%"}},
		{"chart-sats-csv", []string{"\ufeff工作人员,非常满意,满意,基本满意,不满意,非常不满意,评价数,好评率",
			"刘洋（w4）,1,0,0,2,0,3,33.3%", "陈静（w5）,0,1,0,0,1,2,50.0%", "张伟（w3）,3,2,1,0,0,6,100%"}},
	} {
		lines := strings.Split(string(download(chromedp.Click(chromedp.ID(tc.button)))), "\r\n")
		if len(lines) < len(tc.want) || !slices.Equal(lines[:len(tc.want)], tc.want) {
			t.Errorf("%s: CSV %q\nwant it to start %q", tc.button, lines, tc.want)
		}
	}
	if lines := strings.Split(string(download(chromedp.Click(chromedp.ID("chart-waits-csv")))), "\r\n"); len(lines) != 50 || lines[48] != "≥235,1,100%" {
		t.Errorf("the waits' CSV ends %q", lines[max(len(lines)-3, 0):])
	}

	// A period without tickets: no bars, nothing to export.
	step(t, ctx, "an empty period",
		setValue("stats-to", "2025-11-20"),
		chromedp.Click(chromedp.ID("stats-go")),
		waitText("#chart-hours", "这段时间没有取号"),
		waitText("#chart-waits", "这段时间没有叫号"),
		waitText("#chart-sat-window", "这段时间没有评价"),
		waitJS(`document.getElementById("chart-hours-csv").disabled && document.getElementById("chart-sats-csv").disabled`),
	)
}
