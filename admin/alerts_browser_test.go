package admin

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"halld/internal/browsertest"
	"halld/queue"
	"halld/queue/alerts"
	"halld/queue/complaints"
	"halld/queue/hall"
)

// TestAlertsAndSupervision: an alert raised by the rules appears in 预警
// and a supervisor acknowledges it (who and when recorded); 电子监察 lists
// an overdue case, an overdue complaint and the alerts not yet
// acknowledged.
func TestAlertsAndSupervision(t *testing.T) {
	v := newEnv(t, withSupervisor(t))
	m, err := alerts.Open(v.e, nil)
	if err != nil {
		t.Fatal(err)
	}
	v.srv.WithAlerts(m)
	desk, err := complaints.New(v.e, complaints.Options{Now: v.clock.now})
	if err != nil {
		t.Fatal(err)
	}
	v.srv.WithComplaints(desk)
	// A complaint of Thursday is to be taken up by Friday.
	if _, err := desk.File(queue.Session{Staff: "sup", Role: hall.RoleSupervisor}, complaints.Filing{Window: 5, Staff: "w4",
		Service: "social", Summary: "态度生硬", Contact: complaints.Contact{Name: "王五", Phone: "13812345678"}}); err != nil {
		t.Fatal(err)
	}
	// An instant case of Thursday is overdue on Friday.
	if _, err := v.e.CreateCase("admin", queue.CaseRequest{Number: "JB-20251120-01", Service: "tax",
		Type: queue.CaseInstant, Applicant: queue.Applicant{Name: "李四"}}); err != nil {
		t.Fatal(err)
	}
	// A 非常不满意 on Thursday: its follow-up is to be verified by Friday.
	clerk, _, err := v.e.Login(queue.LoginRequest{Staff: "w3", PIN: "1234", Window: 3})
	if err != nil {
		t.Fatal(err)
	}
	at3 := queue.Act{Token: clerk, Window: 3}
	tk, err := v.e.Issue(queue.IssueRequest{Service: "estate", Channel: "kiosk"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []func(queue.Act) (queue.TicketView, error){v.e.CallNext, v.e.Start} {
		if _, err := f(at3); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := v.e.Finish(at3, "handled"); err != nil {
		t.Fatal(err)
	}
	if _, err := v.e.Evaluate(queue.EvaluateRequest{Ticket: tk.ID, Level: 1, Channel: "keypad"}); err != nil {
		t.Fatal(err)
	}
	v.clock.advance(24 * time.Hour) // Friday
	if err := v.e.Tick(); err != nil {
		t.Fatal(err)
	}
	v.clock.advance(24 * time.Hour) // Saturday (the demo hall opens every day)
	tok, _, err := v.e.Login(queue.LoginRequest{Staff: "w1", PIN: "1234", Window: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.e.Pause(queue.Act{Token: tok, Window: 1}, "会议"); err != nil {
		t.Fatal(err)
	}
	check := func() alerts.Result {
		r, err := m.Check(v.clock.now())
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	first := check()                                                // the red case at once; the windows are watched
	v.clock.advance(6 * time.Minute)                                // the demo hall's pause_minutes is 5, unstaffed_minutes 3
	if r := check(); len(first.Raised) != 1 || len(r.Raised) != 2 { // window 1 paused, window 2 unstaffed
		t.Fatalf("raised %v then %v", first.Raised, r.Raised)
	}

	ctx := browsertest.New(t, 1366, 768)
	noScriptErrors(t, ctx)
	step(t, ctx, "the alert appears",
		chromedp.Navigate(v.ts.URL+"/admin/#alerts"),
		login("sup"),
		waitText("#alerts-open", "1号窗口（王芳）暂停服务超过5分钟（会议）"),
		waitText("#alerts-summary", "未确认 3 条"),
		waitText("#alert-badge", "3"),
		waitText("#alerts-month", "暂停超时"),
	)
	browsertest.Screenshot(t, ctx, "admin-alerts")
	step(t, ctx, "the supervisor acknowledges it",
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Evaluate[bool](`[...document.querySelectorAll("#alerts-open tr")].find((r) => r.textContent.includes("暂停服务")).querySelector("button[data-ack]").click() ?? true`)(ctx, tg)
			return err
		}),
		waitText("#alerts-msg", "已确认"),
		waitText("#alerts-summary", "未确认 2 条"),
		waitText("#alerts-open", "sup"),
	)
	b, err := m.List(tok2(t, v))
	if err != nil {
		t.Fatal(err)
	}
	acked := 0
	for _, a := range b.Open {
		if a.AckedBy == "sup" && a.AckedAt != nil && a.AckedAt.Equal(v.clock.now()) && a.Rule == alerts.RulePaused {
			acked++
		}
	}
	if acked != 1 || len(b.Open) != 3 {
		t.Fatalf("open alerts after the ack: %+v", b.Open)
	}

	step(t, ctx, "电子监察 lists the overdue case",
		chromedp.Navigate(v.ts.URL+"/admin/#supervision"),
		waitText("#supervision", "办件 JB-20251120-01（税务）已受理"),
		waitText("#supervision", "期限 2025-11-20"),
		waitText("#supervision-summary", "办件超期 1 · 差评回访逾期 1 · 投诉逾期 1 · 预警未确认 2 · 窗口无人 1"),
		waitText("#supervision", "投诉 TS20251120001（社保医保）受理"),
		waitText("#supervision", "受理期限 2025-11-21"),
		waitText("#supervision", "A001（不动产登记）非常不满意"),
		waitText("#supervision", "回访核实期限 2025-11-21"),
		waitText("#supervision", "2号窗口（综合窗口）开放时间内无人上岗"),
	)
	browsertest.Screenshot(t, ctx, "admin-supervision")
	if text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("supervision").innerText`)); containsAny(text, "李四", "李*", "王五", "王*", "1381234", "5678") {
		t.Errorf("电子监察 shows the applicant: %s", text)
	}
}

// tok2 logs the demo admin in for a direct call.
func tok2(t *testing.T, v *env) string {
	tok, _, err := v.e.Login(queue.LoginRequest{Staff: "admin", PIN: "1234"})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}
