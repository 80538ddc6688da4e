package sms

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"halld/queue"
	"halld/queue/queuetest"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// fakeSender records sends and fails as told.
type fakeSender struct {
	sent []string // phone|text
	errs []error  // returned in turn; nil when exhausted
}

func (f *fakeSender) Send(_ context.Context, phone, text string) error {
	if len(f.errs) > 0 {
		err := f.errs[0]
		f.errs = f.errs[1:]
		if err != nil {
			return err
		}
	}
	f.sent = append(f.sent, phone+"|"+text)
	return nil
}

type env struct {
	t    *testing.T
	path string
	clk  *clock
	e    *queue.Engine
	o    *Outbox
	cfg  Config
	seen uint64 // events handed to Handle
}

func newEnv(t *testing.T, edit func(*Config)) *env {
	cfg := Config{Enabled: true}
	if edit != nil {
		edit(&cfg)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	v := &env{t: t, path: filepath.Join(t.TempDir(), "halld.db"), clk: &clock{t: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}, cfg: cfg}
	v.reopen()
	return v
}

// reopen opens the engine and the outbox again on the same file (the old
// engine stays open until cleanup: only the new one is used).
func (v *env) reopen() {
	v.t.Helper()
	if v.e != nil {
		v.e.Close()
	}
	v.e = queuetest.OpenAt(v.t, v.path, nil, queue.Options{Now: v.clk.now})
	o, err := Open(v.e, v.cfg, Options{Now: v.clk.now})
	if err != nil {
		v.t.Fatal(err)
	}
	v.o = o
	v.seen = v.e.Stats().Seq
}

// follow hands the committed events since the last call to Handle, as
// Follow would.
func (v *env) follow() {
	for {
		evs, err := v.e.ReadEvents(v.seen, 100)
		if err != nil {
			v.t.Fatal(err)
		}
		if len(evs) == 0 {
			return
		}
		for _, ev := range evs {
			v.o.Handle(ev)
			v.seen = ev.Seq
		}
	}
}

func (v *env) issue(service string) queue.TicketView {
	v.t.Helper()
	t, err := v.e.Issue(queue.IssueRequest{Service: service, Channel: "kiosk"})
	if err != nil {
		v.t.Fatal(err)
	}
	return t
}

func (v *env) login(staff string, window int) queue.Act {
	v.t.Helper()
	tok, _, err := v.e.Login(queue.LoginRequest{Staff: staff, PIN: "1234", Window: window})
	if err != nil {
		v.t.Fatal(err)
	}
	return queue.Act{Token: tok, Window: window}
}

func TestEnqueueRefuses(t *testing.T) {
	v := newEnv(t, nil)
	tests := []struct {
		name string
		req  Request
		code string
	}{
		{"short phone", Request{Phone: "1380013800", Text: "x", Kind: "test"}, "bad_phone"},
		{"landline", Request{Phone: "02112345678", Text: "x", Kind: "test"}, "bad_phone"},
		{"12x", Request{Phone: "12800138000", Text: "x", Kind: "test"}, "bad_phone"},
		{"letters", Request{Phone: "1380013800a", Text: "x", Kind: "test"}, "bad_phone"},
		{"empty text", Request{Phone: "13800138000", Text: " ", Kind: "test"}, "bad_text"},
		{"long text", Request{Phone: "13800138000", Text: strings.Repeat("字", 501), Kind: "test"}, "bad_text"},
		{"bad kind", Request{Phone: "13800138000", Text: "x", Kind: "Test!"}, "bad_kind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := v.o.Enqueue(tt.req)
			var qe *queue.Error
			if !errors.As(err, &qe) || qe.Code != tt.code {
				t.Fatalf("Enqueue = %v, want %s", err, tt.code)
			}
		})
	}
	if st := v.o.Status(0); st.Queued != 0 || len(st.Messages) != 0 {
		t.Fatalf("refusals left %+v", st)
	}
	off := newEnv(t, func(c *Config) { c.Enabled = false })
	var qe *queue.Error
	if _, err := off.o.Enqueue(Request{Phone: "13800138000", Text: "x", Kind: "test"}); !errors.As(err, &qe) || qe.Code != "sms_disabled" {
		t.Fatalf("disabled: %v", err)
	}
}

func TestPhoneForms(t *testing.T) {
	tests := []struct {
		in, norm string
		ok       bool
		mask     string
	}{
		{"13800138000", "13800138000", true, "*******8000"},
		{"+86 138-0013-8000", "13800138000", true, "*******8000"},
		{"008619912345678", "19912345678", true, "*******5678"},
		{"12345", "12345", false, "*****"},
		{"11800138000", "11800138000", false, "*******8000"},
	}
	for _, tt := range tests {
		n, ok := NormalPhone(tt.in)
		if n != tt.norm || ok != tt.ok || queue.MaskPhone(n) != tt.mask {
			t.Errorf("%q → %q %v %q", tt.in, n, ok, queue.MaskPhone(n))
		}
	}
}

func TestSendRetriesThenGivesUp(t *testing.T) {
	v := newEnv(t, func(c *Config) { c.MaxAttempts, c.RetryS = 3, 60 })
	m, err := v.o.Enqueue(Request{Phone: "13800138000", Text: "测试", Kind: "test"})
	if err != nil {
		t.Fatal(err)
	}
	cms := errors.New("gsm: AT+CMGS=16: +CMS ERROR: 500 (13800138000)")
	s := &fakeSender{errs: []error{cms, cms, cms}}
	ctx := context.Background()
	if wait := v.o.Flush(ctx, s); wait != time.Minute {
		t.Fatalf("after the first failure wait %v, want 1m", wait)
	}
	st := v.o.Status(0)
	if st.Queued != 1 || st.Messages[0].Attempts != 1 || strings.Contains(st.Messages[0].Error, "13800138000") ||
		!strings.Contains(st.Messages[0].Error, "*******8000") {
		t.Fatalf("after one failure %+v", st.Messages[0])
	}
	v.clk.add(59 * time.Second)
	v.o.Flush(ctx, s)
	if v.o.Status(0).Messages[0].Attempts != 1 {
		t.Fatal("retried before the backoff")
	}
	v.clk.add(time.Second)
	if wait := v.o.Flush(ctx, s); wait != 2*time.Minute {
		t.Fatalf("second backoff %v, want 2m", wait)
	}
	v.clk.add(2 * time.Minute)
	v.o.Flush(ctx, s)
	st = v.o.Status(0)
	if st.Failed != 1 || st.Messages[0].State != Failed || st.Messages[0].Attempts != 3 || len(s.sent) != 0 {
		t.Fatalf("after max attempts %+v", st)
	}
	v.o.mu.Lock()
	sealed := v.o.msgs[m.ID].Sealed
	v.o.mu.Unlock()
	if sealed != nil {
		t.Fatal("a given-up message keeps its phone")
	}
	// Unavailable does not count as an attempt.
	m2, _ := v.o.Enqueue(Request{Phone: "13800138000", Text: "再试", Kind: "test"})
	v.o.Flush(ctx, &fakeSender{errs: []error{fmt.Errorf("%w: no modem", ErrUnavailable)}})
	for _, mv := range v.o.Status(0).Messages {
		if mv.ID == m2.ID && (mv.Attempts != 0 || mv.State != Queued) {
			t.Fatalf("unavailable counted: %+v", mv)
		}
	}
}

func TestRateLimit(t *testing.T) {
	v := newEnv(t, func(c *Config) { c.RatePerMinute = 2 })
	for i := range 3 {
		if _, err := v.o.Enqueue(Request{Phone: "13800138000", Text: fmt.Sprint("第", i), Kind: "test"}); err != nil {
			t.Fatal(err)
		}
	}
	s := &fakeSender{}
	if wait := v.o.Flush(context.Background(), s); len(s.sent) != 2 || wait != time.Minute {
		t.Fatalf("sent %d, wait %v; want 2 and 1m", len(s.sent), wait)
	}
	v.clk.add(time.Minute)
	v.o.Flush(context.Background(), s)
	if len(s.sent) != 3 || s.sent[0] != "13800138000|第0" || s.sent[2] != "13800138000|第2" {
		t.Fatalf("sent %q", s.sent)
	}
}

// TestDurableSentOnce: a queued message survives a restart and is sent
// once; a sent one is not sent again after the next restart.
func TestDurableSentOnce(t *testing.T) {
	v := newEnv(t, nil)
	if _, err := v.o.Enqueue(Request{Phone: "13900001111", Text: "预约提醒", Kind: "appointment", Ref: "BK1"}); err != nil {
		t.Fatal(err)
	}
	later := v.clk.now().Add(time.Hour)
	if _, err := v.o.Enqueue(Request{Phone: "13900002222", Text: "稍后", Kind: "appointment", NotBefore: later}); err != nil {
		t.Fatal(err)
	}
	v.reopen()
	s := &fakeSender{}
	v.o.Flush(context.Background(), s)
	if len(s.sent) != 1 || s.sent[0] != "13900001111|预约提醒" {
		t.Fatalf("after restart sent %q", s.sent)
	}
	v.reopen()
	v.o.Flush(context.Background(), s)
	if len(s.sent) != 1 {
		t.Fatalf("sent again after restart: %q", s.sent)
	}
	v.clk.add(time.Hour)
	v.o.Flush(context.Background(), s)
	if len(s.sent) != 2 || s.sent[1] != "13900002222|稍后" {
		t.Fatalf("the delayed one: %q", s.sent)
	}
	if st := v.o.Status(0); st.Sent != 2 || st.Messages[0].To != "*******2222" {
		t.Fatalf("status %+v", st)
	}
}

// TestIDsAfterRestart: numbering goes on after a restart (ids past 8 and
// 9 too), so no message overwrites another.
func TestIDsAfterRestart(t *testing.T) {
	v := newEnv(t, nil)
	for i := range 10 {
		if _, err := v.o.Enqueue(Request{Phone: "13800138000", Text: fmt.Sprint(i), Kind: "test"}); err != nil {
			t.Fatal(err)
		}
	}
	v.reopen()
	m, err := v.o.Enqueue(Request{Phone: "13800138000", Text: "after", Kind: "test"})
	if err != nil || m.ID != "0000000011" {
		t.Fatalf("id after restart %q, %v", m.ID, err)
	}
	if st := v.o.Status(0); st.Queued != 11 {
		t.Fatalf("%d queued, want 11", st.Queued)
	}
}

// TestNearOnce: the holder of the fifth ticket is told once, when two are
// left ahead, and the message names the ticket.
func TestNearOnce(t *testing.T) {
	v := newEnv(t, nil)
	for range 4 {
		v.issue("tax")
	}
	mine := v.issue("tax")
	if *mine.Ahead != 4 {
		t.Fatalf("ahead %d", *mine.Ahead)
	}
	if err := v.o.Watch(mine, "13800138000"); err != nil {
		t.Fatal(err)
	}
	late := v.issue("tax") // opted in already near the front: no near notice
	act := v.login("w9", 9)
	call := func() {
		if _, err := v.e.CallNext(act); err != nil {
			t.Fatal(err)
		}
		if _, err := v.e.Finish(act, queue.OutcomeHandled); err != nil {
			if _, err := v.e.Start(act); err != nil {
				t.Fatal(err)
			}
			if _, err := v.e.Finish(act, queue.OutcomeHandled); err != nil {
				t.Fatal(err)
			}
		}
		v.follow()
	}
	call()
	if st := v.o.Status(0); st.Queued != 0 {
		t.Fatalf("notified with 3 ahead: %+v", st.Messages)
	}
	call()
	st := v.o.Status(0)
	if st.Queued != 1 || st.Messages[0].Kind != KindNear || st.Messages[0].Ref != mine.Number ||
		!strings.Contains(st.Messages[0].Text, mine.Number+"号") || !strings.Contains(st.Messages[0].Text, "还有2位") {
		t.Fatalf("near notice %+v", st.Messages)
	}
	_ = late
	call()
	v.reopen() // the notified mark is durable
	call()
	if st := v.o.Status(0); st.Queued != 1 {
		t.Fatalf("notified twice: %+v", st.Messages)
	}
}

func TestWatchLateTicketNotNotified(t *testing.T) {
	v := newEnv(t, nil)
	v.issue("tax")
	mine := v.issue("tax")
	if err := v.o.Watch(mine, "13800138000"); err != nil {
		t.Fatal(err)
	}
	act := v.login("w9", 9)
	v.e.CallNext(act)
	v.follow()
	if st := v.o.Status(0); st.Queued != 0 || st.Watching != 1 {
		t.Fatalf("%+v", st)
	}
}

// TestCaseDone: a ticket with a phone becomes a case; when the case is
// finished its holder is told where to collect it, once.
func TestCaseDone(t *testing.T) {
	v := newEnv(t, nil)
	mine := v.issue("tax")
	if err := v.o.Watch(mine, "13800138000"); err != nil {
		t.Fatal(err)
	}
	act := v.login("w9", 9)
	if _, err := v.e.CallNext(act); err != nil {
		t.Fatal(err)
	}
	if _, err := v.e.Start(act); err != nil {
		t.Fatal(err)
	}
	k, err := v.e.FinishAccepted(act, queue.CaseRequest{Applicant: queue.Applicant{Name: "张三"}, Type: queue.CasePromised, PromisedDays: 3})
	if err != nil {
		t.Fatal(err)
	}
	v.follow()
	if st := v.o.Status(0); st.Watching != 1 {
		t.Fatalf("case not linked: %+v", st)
	}
	v.reopen() // the link is durable
	if _, err := v.e.UpdateCase("w9", k.Number, queue.CaseUpdate{State: queue.CaseDone}); err != nil {
		t.Fatal(err)
	}
	if _, err := v.e.UpdateCase("w9", k.Number, queue.CaseUpdate{State: queue.CaseAwaiting}); err != nil {
		t.Fatal(err)
	}
	v.follow()
	st := v.o.Status(0)
	if st.Queued != 1 || st.Messages[0].Kind != KindCaseDone || !strings.Contains(st.Messages[0].Text, k.Number) ||
		!strings.Contains(st.Messages[0].Text, "9号窗口") || st.Watching != 0 {
		t.Fatalf("case notice %+v", st)
	}
	s := &fakeSender{}
	v.o.Flush(context.Background(), s)
	if len(s.sent) != 1 || !strings.HasPrefix(s.sent[0], "13800138000|") {
		t.Fatalf("sent %q", s.sent)
	}
}

// TestCaseDoneCalledOutOfTurn: a ticket called by id before its near
// notice still hands its phone to its case.
func TestCaseDoneCalledOutOfTurn(t *testing.T) {
	v := newEnv(t, nil)
	for range 4 {
		v.issue("tax")
	}
	mine := v.issue("tax")
	v.o.Watch(mine, "13800138000")
	act := v.login("w9", 9)
	if _, err := v.e.CallTicket(act, mine.ID); err != nil {
		t.Fatal(err)
	}
	v.e.Start(act)
	k, err := v.e.FinishAccepted(act, queue.CaseRequest{Applicant: queue.Applicant{Name: "张三"}, Type: queue.CaseInstant})
	if err != nil {
		t.Fatal(err)
	}
	v.follow()
	if _, err := v.e.UpdateCase("w9", k.Number, queue.CaseUpdate{State: queue.CaseDone}); err != nil {
		t.Fatal(err)
	}
	v.follow()
	if st := v.o.Status(0); st.Queued != 1 || st.Messages[0].Kind != KindCaseDone {
		t.Fatalf("%+v", st)
	}
}

// TestFollowResumes: Follow picks up from its cursor, so a restart
// between a change and its notice loses nothing.
func TestFollowResumes(t *testing.T) {
	v := newEnv(t, nil)
	for range 3 {
		v.issue("tax")
	}
	mine := v.issue("tax")
	v.o.Watch(mine, "13800138000")
	act := v.login("w9", 9)
	v.e.CallNext(act)
	v.follow() // 2 ahead now? no: 3 were ahead, one called → 2
	if v.o.Status(0).Queued != 1 {
		t.Fatalf("%+v", v.o.Status(0))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := v.o.Follow(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Follow = %v", err)
	}
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*Config)
		field string
	}{
		{"defaults", func(*Config) {}, ""},
		{"rate", func(c *Config) { c.RatePerMinute = 1000 }, "rate_per_minute"},
		{"attempts", func(c *Config) { c.MaxAttempts = -1 }, "max_attempts"},
		{"placeholder", func(c *Config) { c.Texts.Near = "{name}你好" }, "texts.near"},
		{"webhook url", func(c *Config) { c.Webhook = &Webhook{URL: "ftp://x", Secret: strings.Repeat("s", 16)} }, "webhook.url"},
		{"webhook secret", func(c *Config) { c.Webhook = &Webhook{URL: "https://sms.example/send", Secret: "short"} }, "webhook.secret"},
		{"webhook ok", func(c *Config) {
			c.Webhook = &Webhook{URL: "https://sms.example/send", Secret: strings.Repeat("s", 16)}
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Config{Enabled: true}
			tt.edit(&c)
			err := c.Validate()
			if tt.field == "" {
				if err != nil || c.RatePerMinute != 10 || c.Texts.Near != DefaultNear {
					t.Fatalf("Validate = %v, %+v", err, c)
				}
				return
			}
			if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), "sms."+tt.field) {
				t.Fatalf("Validate = %v, want sms.%s", err, tt.field)
			}
		})
	}
}

// TestPhoneNeverInClear: logs, events and the status show the phone
// masked only.
func TestPhoneNeverInClear(t *testing.T) {
	v := newEnv(t, nil)
	var buf strings.Builder
	var mu sync.Mutex
	v.o.log = slog.New(slog.NewTextHandler(lockedWriter{&mu, &buf}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	for range 3 {
		v.issue("tax")
	}
	mine := v.issue("tax")
	v.o.Watch(mine, "13800138000")
	v.o.Enqueue(Request{Phone: "13800138000", Text: "x", Kind: "test"})
	v.e.CallNext(v.login("w9", 9))
	v.follow()
	v.o.Flush(context.Background(), &fakeSender{errs: []error{errors.New("refused 13800138000")}})
	evs, _ := v.e.ReadEvents(0, 1000)
	var all strings.Builder
	for _, ev := range evs {
		all.Write(ev.JSON())
	}
	st := fmt.Sprintf("%+v", v.o.Status(0))
	mu.Lock()
	logs := buf.String()
	mu.Unlock()
	for what, s := range map[string]string{"log": logs, "events": all.String(), "status": st} {
		if strings.Contains(s, "13800138000") {
			t.Errorf("%s holds the phone in clear:\n%s", what, s)
		}
		if !strings.Contains(s, "*******8000") {
			t.Errorf("%s lacks the masked phone:\n%s", what, s)
		}
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  *strings.Builder
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
