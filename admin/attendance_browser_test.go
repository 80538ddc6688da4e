package admin

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"halld/internal/browsertest"
	"halld/queue/attendance"
	"halld/terminal"
)

// A clerk punches at the terminal's login screen (打卡) and the supervisor
// sees it, late, on the console's 考勤 board; leave entered there shows on
// the board, and the month's summary downloads as CSV.
func TestAttendancePunchAtTerminalShowsInConsole(t *testing.T) {
	v := newEnv(t, nil) // Thursday 2025-11-20 10:00, a working day
	b, err := attendance.Open(v.e, attendance.Options{Now: v.clock.now})
	if err != nil {
		t.Fatal(err)
	}
	v.srv.WithAttendance(b)
	terminal.Register(v.srv)
	ctx := browsertest.New(t, 1366, 768)
	noScriptErrors(t, ctx)
	download := downloads(t, ctx)

	step(t, ctx, "wrong PIN at the terminal",
		chromedp.Navigate(v.ts.URL+"/terminal/"),
		chromedp.WaitVisible(chromedp.ID("punch-btn")),
		chromedp.SendKeys(chromedp.ID("staff"), "w1"),
		chromedp.SendKeys(chromedp.ID("pin"), "9999"),
		chromedp.Click(chromedp.ID("punch-btn")),
		waitText("#login-error", "工号或密码错误"),
	)
	step(t, ctx, "punch at the terminal",
		setValue("pin", ""),
		chromedp.SendKeys(chromedp.ID("pin"), "1234"),
		chromedp.Click(chromedp.ID("punch-btn")),
		chromedp.WaitVisible(chromedp.ID("punched")),
		waitText("#punched-who", "王芳（w1）"),
		waitText("#punched-slot", "上午上班（09:00） · 10:00 打卡"),
		waitText("#punched-status", "迟到 60 分钟"),
	)
	browsertest.Screenshot(t, ctx, "terminal-punched")
	step(t, ctx, "confirm", chromedp.Click(chromedp.ID("punched-ok")), chromedp.WaitNotVisible(chromedp.ID("punched")))
	if pin, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("pin"))); pin != "" {
		t.Errorf("the PIN stays in the field after the punch")
	}

	step(t, ctx, "the console's board",
		chromedp.Navigate(v.ts.URL+"/admin/#attendance"),
		login("admin"),
		chromedp.WaitVisible(chromedp.ID("tab-attendance")),
		waitText(`#att-rows tr[data-staff="w1"] td[data-slot="am_in"]`, "10:00 迟到 60分"),
		waitText(`#att-rows tr[data-staff="w2"] td[data-slot="am_in"]`, "未到"),
		waitText("#att-summary", "2025年11月20日：迟到 1"),
	)
	step(t, ctx, "leave for w2",
		setValue("att-leave-staff", "w2"),
		setValue("att-leave-kind", "病假"),
		chromedp.Click(chromedp.ID("att-leave-save")),
		waitText("#att-leave-msg", "已登记 L000001"),
		waitText(`#att-rows tr[data-staff="w2"] td[data-slot="am_in"]`, "病假"),
		waitText("#att-leaves", "L000001"),
	)
	// A later punch arrives live (attendance.punched on the stream).
	v.clock.advance(3 * time.Hour) // 13:00 (the console's login lasts)
	if _, err := b.Punch(attendance.PunchRequest{Staff: "w3", PIN: "1234", Source: "10.9.9.9:1"}); err != nil {
		t.Fatal(err)
	}
	step(t, ctx, "live punch", waitText(`#att-rows tr[data-staff="w3"] td[data-slot="pm_in"]`, "13:00 正常"))
	step(t, ctx, "month", waitText(`#att-months tr[data-staff="w1"]`, "1 / 1"))
	browsertest.Screenshot(t, ctx, "admin-attendance")
	got := string(download(chromedp.Click(chromedp.ID("att-month-csv"))))
	if !strings.Contains(got, "工号,姓名,月份") || !strings.Contains(got, "w1,王芳,2025-11,1,1,1") || !strings.Contains(got, "w2,李娜,2025-11,1,0,0,0,0,0,0,病假1") {
		t.Errorf("CSV:\n%s", got)
	}
}
