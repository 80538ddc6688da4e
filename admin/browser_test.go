package admin

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"halld/internal/browsertest"
	"halld/queue"
)

func jsString(s string) string { b, _ := json.Marshal(s); return string(b) }

// waitText waits until the element's text contains want.
func waitText(sel, want string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Poll[bool](`(document.querySelector(`+jsString(sel)+`)?.textContent || "").includes(`+jsString(want)+`)`)(ctx, t)
		return err
	})
}

// waitJS waits until the expression is true.
func waitJS(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Poll[bool](expr)(ctx, t)
		return err
	})
}

// setValue sets a form field as a person's input would (with input and
// change events); it fails when the field does not take the value, such
// as a select without that option.
func setValue(id, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		ok, err := chromedp.Evaluate[bool](`(() => { const el = document.getElementById(`+jsString(id)+`);
			el.value = `+jsString(value)+`;
			el.dispatchEvent(new Event("input", {bubbles: true}));
			el.dispatchEvent(new Event("change", {bubbles: true}));
			return el.value === `+jsString(value)+`; })()`)(ctx, t)
		if err == nil && !ok {
			err = fmt.Errorf("#%s does not take %q", id, value)
		}
		return err
	})
}

// step runs actions and stops the test with a screenshot and the page's
// text when one fails.
func step(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		browsertest.Screenshot(t, ctx, "admin-failed")
		text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
		t.Fatalf("%s: %v\npage: %s", what, err, text)
	}
}

// noScriptErrors fails the test, when it ends, for every uncaught
// exception or unhandled rejection in the page: a broken handler would
// otherwise only show as a button that does nothing.
func noScriptErrors(t *testing.T, ctx context.Context) {
	var mu sync.Mutex
	var errs []string
	err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*runtime.EventExceptionThrown); ok {
			d := e.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			mu.Lock()
			errs = append(errs, fmt.Sprintf("%s:%d: %s", d.URL, d.LineNumber+1, msg))
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { // before the browser closes (cleanups run last first)
		mu.Lock()
		defer mu.Unlock()
		for _, e := range errs {
			t.Errorf("script error: %s", e)
		}
	})
}

// downloads makes the browser save downloads into a directory and returns
// a function that runs trigger and returns the bytes of the file it made.
func downloads(t *testing.T, ctx context.Context) func(trigger chromedp.Action[chromedp.Void]) []byte {
	dir := t.TempDir()
	step(t, ctx, "allow downloads", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: new(true)})
		return err
	}))
	return func(trigger chromedp.Action[chromedp.Void]) []byte {
		t.Helper()
		progress := chromedp.Events(ctx, browser.DownloadProgress) // subscribed before the click
		step(t, ctx, "start a download", trigger)
		for ev, err := range progress {
			if err != nil {
				t.Fatalf("download: %v", err)
			}
			switch ev.State {
			case browser.DownloadProgressStateCompleted:
				b, err := os.ReadFile(filepath.Join(dir, ev.GUID))
				if err != nil {
					t.Fatal(err)
				}
				return b
			case browser.DownloadProgressStateCanceled:
				t.Fatal("download canceled")
			}
		}
		t.Fatal("no download")
		return nil
	}
}

// hallDay sets up what the console shows, through the engine as windows,
// keypads and approval systems would: on Thursday 2025-11-20 A001 waits 6
// minutes, is served for 4 and rated 非常不满意, a one-day case is
// accepted; five days later (the follow-up and the case now overdue) A002
// waits 2 minutes, is served for 2 and rated 不满意, and a five-day case
// is accepted. It returns the tickets of the two 差评.
func (v *env) hallDay() (first, second string) {
	t, e := v.t, v.e
	serve := func(wait, service time.Duration, level int) string {
		tok, _, err := e.Login(queue.LoginRequest{Staff: "w3", PIN: "1234", Window: 3}) // a new day may have closed the window
		if err != nil {
			t.Fatal(err)
		}
		a := queue.Act{Token: tok, Window: 3}
		tk, err := e.Issue(queue.IssueRequest{Service: "estate", Channel: "kiosk"})
		if err != nil {
			t.Fatal(err)
		}
		v.clock.advance(wait)
		if _, err := e.CallNext(a); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Start(a); err != nil {
			t.Fatal(err)
		}
		v.clock.advance(service)
		if _, err := e.Finish(a, "handled"); err != nil {
			t.Fatal(err)
		}
		var tags []string
		if level == 1 {
			tags = []string{"等候时间长", "态度不好"}
		}
		if _, err := e.Evaluate(queue.EvaluateRequest{Ticket: tk.ID, Level: level, Tags: tags, Channel: "keypad"}); err != nil {
			t.Fatal(err)
		}
		return tk.ID
	}
	first = serve(6*time.Minute, 4*time.Minute, 1)
	if _, err := e.CreateCase("admin", queue.CaseRequest{Number: "SP-20251120-01", Service: "estate",
		Type: queue.CasePromised, PromisedDays: 1, Applicant: queue.Applicant{Name: "张三丰"}}); err != nil {
		t.Fatal(err)
	}
	v.clock.advance(5 * 24 * time.Hour)
	// Two working days unseen: halld wants an operator's word for the day.
	if err := e.ConfirmDay(e.Hall().Day(v.clock.now())); err != nil {
		t.Fatal(err)
	}
	second = serve(2*time.Minute, 2*time.Minute, 2)
	if _, err := e.CreateCase("admin", queue.CaseRequest{Number: "SP-20251125-02", Service: "estate",
		Type: queue.CasePromised, PromisedDays: 5, Applicant: queue.Applicant{Company: "示范区某某科技有限公司"}}); err != nil {
		t.Fatal(err)
	}
	return first, second
}

func (v *env) adminToken() string {
	tok, _, err := v.e.Login(queue.LoginRequest{Staff: "admin", PIN: "1234"})
	if err != nil {
		v.t.Fatal(err)
	}
	return tok
}

func login(staff string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.WaitVisible(chromedp.ID("staff")),
		setValue("staff", ""),
		chromedp.SendKeys(chromedp.ID("staff"), staff),
		chromedp.SendKeys(chromedp.ID("pin"), "1234"),
		chromedp.Click(chromedp.ID("login-btn")),
	)
}

// TestConsoleAdmin goes through every tab as the demo's admin.
func TestConsoleAdmin(t *testing.T) {
	v := newEnv(t, nil)
	first, second := v.hallDay()
	ctx := browsertest.New(t, 1366, 768)
	noScriptErrors(t, ctx)
	download := downloads(t, ctx)

	step(t, ctx, "log in",
		chromedp.Navigate(v.ts.URL+"/admin/"),
		login("admin"),
		chromedp.WaitVisible(chromedp.ID("console")),
		waitText("#me", "值班长（管理员）"),
		waitText("#title", "示范区政务服务中心"),
		chromedp.WaitVisible(chromedp.ID("devices-empty")),
		waitJS(`window.halldAdmin.stream.ws?.readyState === 1`),
	)

	// 设备: states reported after the page loaded arrive as events.
	for _, d := range []queue.DeviceState{
		{ID: "printer-1", Kind: "printer", State: "paper_out", Detail: "打印机缺纸"},
		{ID: "printer-2", Kind: "printer", State: "paper_near_end", Detail: "打印纸即将用完"},
		{ID: "rs485-0/3", Kind: "led_board", State: "ok"},
	} {
		if err := v.e.ReportDevice(d); err != nil {
			t.Fatal(err)
		}
	}
	step(t, ctx, "device alert",
		waitText(`tr.fault[data-device="printer-1"]`, "缺纸"),
		waitText(`tr.warn[data-device="printer-2"]`, "纸将用尽"),
		waitText(`tr.ok[data-device="rs485-0/3"]`, "正常"),
		waitText("#devices-summary", "共3台，1台故障，1台告警"),
		waitText("#device-badge", "1"),
		waitJS(`getComputedStyle(document.querySelector('tr.fault[data-device="printer-1"] td')).backgroundColor === "rgb(253, 232, 230)"`),
	)
	browsertest.Screenshot(t, ctx, "admin-devices")
	if err := v.e.ReportDevice(queue.DeviceState{ID: "printer-1", Kind: "printer", State: "ready", Detail: "打印机正常"}); err != nil {
		t.Fatal(err)
	}
	step(t, ctx, "device recovered", waitText(`tr.ok[data-device="printer-1"]`, "正常"), waitText("#devices-summary", "共3台，1台告警"))

	// 统计: this month by default (the hall's month, not this PC's).
	step(t, ctx, "report",
		chromedp.Click(chromedp.CSS(`[data-tab="stats"]`)),
		waitText("#stats-rows", "全厅"),
	)
	from, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("stats-from")))
	to, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("stats-to")))
	if from != "2025-11-01" || to != "2025-11-25" {
		t.Errorf("default period %s…%s, want 2025-11-01…2025-11-25", from, to)
	}
	cells, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#stats-rows tr:first-child td")].map(td => td.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	// Waits 6 and 2 minutes, services 4 and 2, two 差评 of two rated services.
	want := []string{"全厅", "2", "2", "0", "4.0分钟", "6.0分钟", "6.0分钟", "3.0分钟", "0.0%", "100%", "0.0%", "—"}
	if !slices.Equal(cells, want) {
		t.Errorf("hall row\n got %q\nwant %q", cells, want)
	}
	step(t, ctx, "report by window",
		setValue("stats-by", "window"),
		chromedp.Click(chromedp.ID("stats-go")),
		waitText("#stats-rows", "3号窗口 不动产登记"),
		waitText("thead#stats-head", "窗口"),
	)
	browsertest.Screenshot(t, ctx, "admin-stats")
	file := download(chromedp.Click(chromedp.ID("stats-csv")))
	lines := strings.Split(string(file), "\r\n")
	if !strings.HasPrefix(lines[0], "\ufeff窗口,取号,办结,过号,平均等候（分钟）") || !strings.HasSuffix(lines[0], ",按期办结率") {
		t.Errorf("CSV header %q", lines[0])
	}
	if len(lines) != 3 || !strings.HasPrefix(lines[1], "3号窗口 不动产登记,") || strings.Split(lines[1], ",")[2] != "2" || lines[2] != "" {
		t.Errorf("CSV %q", file)
	}

	// Another period: only the second day.
	step(t, ctx, "report of a period",
		setValue("stats-from", "2025-11-25"),
		setValue("stats-by", "hall"),
		waitText("#stats-msg", "2025年11月25日至2025年11月25日"),
	)
	cells, _ = chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#stats-rows tr:first-child td")].map(td => td.textContent)`))
	if want := []string{"全厅", "1", "1", "0", "2.0分钟", "2.0分钟", "2.0分钟", "2.0分钟", "0.0%", "100%", "0.0%", "—"}; !slices.Equal(cells, want) {
		t.Errorf("hall row of 11-25\n got %q\nwant %q", cells, want)
	}
	step(t, ctx, "a period backwards",
		setValue("stats-to", "2025-11-24"),
		chromedp.Click(chromedp.ID("stats-go")),
		waitText("#stats-msg", "不早于起始日期"),
	)

	// 差评回访: the first is overdue (its verify day has passed).
	step(t, ctx, "follow-ups",
		chromedp.Click(chromedp.CSS(`[data-tab="followups"]`)),
		waitText(`tr.overdue[data-ticket="`+first+`"]`, "非常不满意"),
		// The reason chosen, and who served: the name, not only the 工号.
		waitText(`tr[data-ticket="`+first+`"] td.reason`, "等候时间长、态度不好"),
		waitText(`tr[data-ticket="`+second+`"] td.reason`, "未选原因"),
		waitText(`tr[data-ticket="`+first+`"]`, "张伟（w3）"),
		waitText(`tr[data-ticket="`+second+`"]`, "不满意"),
		waitJS(`!document.querySelector('tr[data-ticket="`+second+`"]').classList.contains("overdue")`),
		waitText("#followup-badge", "2·逾期1"),
		chromedp.Click(chromedp.CSS(`[data-followup="`+first+`"]`)),
		chromedp.WaitVisible(chromedp.ID("followup-form")),
	)
	browsertest.Screenshot(t, ctx, "admin-followups")
	step(t, ctx, "record a step",
		setValue("fu-state", "verified"),
		setValue("fu-note", "已电话回访，申请人反映等候时间过长"),
		chromedp.Click(chromedp.ID("fu-save")),
		waitText("#fu-saved", "已记录：已回访核实"),
		waitText(`tr[data-ticket="`+first+`"]`, "已回访核实"),
	)
	list, err := v.e.FollowUps(v.adminToken())
	if err != nil {
		t.Fatal(err)
	}
	if i := slices.IndexFunc(list, func(f queue.FollowUp) bool { return f.Ticket == first }); i < 0 ||
		list[i].State != "verified" || len(list[i].Notes) != 1 || list[i].Notes[0].Note != "已电话回访，申请人反映等候时间过长" || list[i].Notes[0].By != "admin" {
		t.Errorf("follow-up after the form: %+v", list)
	}
	step(t, ctx, "a note is required",
		chromedp.Click(chromedp.CSS(`[data-followup="`+second+`"]`)),
		setValue("fu-note", "   "),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("fu-note").required = false`), // what the server says
		chromedp.Click(chromedp.ID("fu-save")),
		waitText("#fu-msg", "请填写回访或整改情况"),
		chromedp.Click(chromedp.ID("fu-cancel")),
	)

	// 办件: the one-day case is red, the five-day one is not; move the red one.
	step(t, ctx, "cases",
		chromedp.Click(chromedp.CSS(`[data-tab="cases"]`)),
		waitText(`.card.red[data-case="SP-20251120-01"]`, "超期2个工作日"),
		waitText(`.card.green[data-case="SP-20251125-02"]`, "示范区某某科技有限公司"),
		waitText("#cases-summary", "今日受理 1 件"),
		chromedp.Click(chromedp.CSS(`[data-case="SP-20251120-01"]`)),
		chromedp.WaitVisible(chromedp.ID("case-form")),
	)
	browsertest.Screenshot(t, ctx, "admin-cases")
	step(t, ctx, "move a case",
		setValue("cs-state", "done"),
		setValue("cs-note", "材料齐全，已办结"),
		chromedp.Click(chromedp.ID("cs-save")),
		waitText("#cs-saved", "SP-20251120-01 已变为「已办结」"),
		chromedp.WaitNotPresent(chromedp.CSS(`[data-case="SP-20251120-01"]`)), // only open cases are listed
	)
	if c, err := v.e.CaseByNumber("SP-20251120-01"); err != nil || c.State != queue.CaseDone || c.OnTime == nil || *c.OnTime {
		t.Errorf("case after the form: %+v %v", c, err)
	}
	step(t, ctx, "a refused move shows why",
		chromedp.Click(chromedp.CSS(`[data-case="SP-20251125-02"]`)),
		setValue("cs-state", "suspended"),
		chromedp.Click(chromedp.ID("cs-save")),
		waitText("#cs-msg", "暂停计时须注明原因"),
		chromedp.Click(chromedp.ID("cs-cancel")),
	)

	// 节假日: November without next year's table warns; a bad file is
	// refused with the server's reason; 2026's table is taken.
	bad := filepath.Join(t.TempDir(), "2027.json")
	os.WriteFile(bad, []byte(`{"year":2027,"notice":"","days":[]}`), 0o644)
	table, _ := filepath.Abs(filepath.Join("..", "queue", "workday", "holidays", "2026.json"))
	step(t, ctx, "holidays",
		chromedp.Click(chromedp.CSS(`[data-tab="holidays"]`)),
		waitText("#holiday-years", "已导入：2025年"),
		waitText("#holiday-warning", "尚未导入明年的节假日安排，承诺件期限按周一至周五计算（临时）"),
		chromedp.WaitVisible(chromedp.ID("holiday-banner")),
	)
	browsertest.Screenshot(t, ctx, "admin-holidays-missing")
	step(t, ctx, "upload a bad table",
		chromedp.SetUploadFiles(chromedp.ID("holiday-file"), []string{bad}),
		chromedp.Click(chromedp.ID("holiday-upload")),
		waitText("#holiday-msg", "节假日表格式不正确"),
	)
	step(t, ctx, "upload 2026",
		chromedp.SetUploadFiles(chromedp.ID("holiday-file"), []string{table}),
		chromedp.Click(chromedp.ID("holiday-upload")),
		waitText("#holiday-msg", "已导入2026年节假日安排"),
		waitText("#holiday-years", "已导入：2025年、2026年"),
		chromedp.WaitNotVisible(chromedp.ID("holiday-warning")),
		chromedp.WaitNotVisible(chromedp.ID("holiday-banner")),
	)
	if !slices.Contains(v.e.Holidays().Years, 2026) {
		t.Errorf("engine years %v after the upload", v.e.Holidays().Years)
	}

	// 接口令牌: issued once, usable; revoked, no longer.
	step(t, ctx, "issue a token",
		chromedp.Click(chromedp.CSS(`[data-tab="tokens"]`)),
		chromedp.WaitVisible(chromedp.ID("tokens-empty")),
		chromedp.SendKeys(chromedp.ID("token-name"), "approval"),
		chromedp.Click(chromedp.ID("token-issue")),
		chromedp.WaitVisible(chromedp.ID("token-once")),
		waitText(`tr[data-token="approval"]`, "approval"),
	)
	browsertest.Screenshot(t, ctx, "admin-tokens")
	tok, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("token-once-value")))
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(tok) {
		t.Fatalf("token shown: %q", tok)
	}
	if who, err := v.e.CaseActor(tok); err != nil || who != "api:approval" {
		t.Errorf("issued token: %q %v", who, err)
	}
	step(t, ctx, "revoke it",
		chromedp.Click(chromedp.CSS(`[data-ask="approval"]`)),
		chromedp.Click(chromedp.CSS(`[data-revoke="approval"]`)),
		waitText("#token-msg", "已吊销「approval」"),
		chromedp.WaitVisible(chromedp.ID("tokens-empty")),
		chromedp.WaitNotVisible(chromedp.ID("token-once")),
	)
	if _, err := v.e.CaseActor(tok); err == nil {
		t.Error("the revoked token still works")
	}

	// 设备板令牌: a board's agent token, listed with the board's state.
	step(t, ctx, "issue a board token",
		chromedp.SendKeys(chromedp.ID("agent-name"), "kiosk-1"),
		chromedp.Click(chromedp.ID("agent-issue")),
		chromedp.WaitVisible(chromedp.ID("agent-once")),
		waitText(`tr[data-agent="kiosk-1"]`, "尚未连接"),
	)
	btok, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("agent-once-value")))
	if board, err := v.e.AgentBoard(btok); err != nil || board != "kiosk-1" {
		t.Errorf("issued board token: %q %v", board, err)
	}
	browsertest.Screenshot(t, ctx, "admin-board-tokens")

	// 备份: the download is a database halld can restore.
	step(t, ctx, "backup tab", chromedp.Click(chromedp.CSS(`[data-tab="backup"]`)), chromedp.WaitVisible(chromedp.ID("backup-btn")))
	db := download(chromedp.Click(chromedp.ID("backup-btn")))
	step(t, ctx, "backup done", waitText("#backup-msg", "已下载备份 halld-backup-2025-11-25.db"))
	saved := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(saved, db, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := queue.Check(saved); err != nil {
		t.Errorf("the downloaded backup (%d bytes) does not check: %v", len(db), err)
	}

	// The tab keeps the login (sessionStorage) and opens the tab named in the address.
	step(t, ctx, "reload",
		chromedp.Navigate(v.ts.URL+"/admin/#cases"),
		chromedp.WaitVisible(chromedp.ID("tab-cases")),
		waitText("#me", "值班长"),
		chromedp.Click(chromedp.ID("logout")),
		chromedp.WaitVisible(chromedp.ID("login")),
		waitText("#login-error", "已退出"),
	)
}
