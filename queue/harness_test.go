package queue

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"halld/queue/hall"
)

// testPIN is "1234" hashed with few iterations so tests stay fast.
const testPIN = "pbkdf2-sha256$1000$aGFsbGQtdGVzdC1zYWx0IQ$XAxm6KRuNtniIj12SAP4N7fB1YJYW9YcwwyrAZC/NbA"

// testHall: Monday–Friday 09:00–12:00 and 13:30–17:00.
//
//	window 1 (综合): a=10, b=5     window 2: b=10
//	window 3: a=1, c=1            window 4: a=10
//
// Service c issues 09:00–11:00 only and caps at 2; service w has width 1.
const testHall = `
version = 1
[hall]
name = "测试大厅"
[hours]
monday = ["09:00-12:00", "13:30-17:00"]
tuesday = ["09:00-12:00", "13:30-17:00"]
wednesday = ["09:00-12:00", "13:30-17:00"]
thursday = ["09:00-12:00", "13:30-17:00"]
friday = ["09:00-12:00", "13:30-17:00"]
[policy]
%s
[[priority]]
id = "green"
name = "绿色通道"
[[service]]
id = "a"
name = "不动产登记"
prefix = "A"
[[service]]
id = "b"
name = "社保"
prefix = "B"
[[service]]
id = "c"
name = "公积金"
prefix = "C"
daily_cap = 2
issue_hours = ["09:00-11:00"]
[[service]]
id = "w"
name = "窄号"
prefix = "W"
width = 1
[[window]]
number = 1
services = { a = 10, b = 5 }
[[window]]
number = 2
services = { b = 10 }
[[window]]
number = 3
services = { a = 1, c = 1, w = 1 }
[[window]]
number = 4
services = { a = 10 }
[[staff]]
id = "w1"
name = "王芳"
pin_hash = "` + testPIN + `"
posts = [{ window = 1, post = "A" }, { window = 2, post = "B" }]
[[staff]]
id = "w2"
name = "李娜"
pin_hash = "` + testPIN + `"
posts = [{ window = 2, post = "A" }]
[[staff]]
id = "w3"
name = "张伟"
pin_hash = "` + testPIN + `"
posts = [{ window = 3, post = "A" }]
[[staff]]
id = "w4"
name = "刘洋"
pin_hash = "` + testPIN + `"
posts = [{ window = 4, post = "A" }]
[[staff]]
id = "boss"
name = "值班长"
role = "supervisor"
pin_hash = "` + testPIN + `"
[[staff]]
id = "root"
name = "管理员"
role = "admin"
pin_hash = "` + testPIN + `"
`

// monday10 is Monday 2026-11-23 10:00 in Shanghai.
var monday10 = time.Date(2026, 11, 23, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Set(t time.Time)         { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func (c *fakeClock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

type harness struct {
	t      testing.TB
	e      *Engine
	h      *hall.Hall
	clock  *fakeClock
	path   string
	tokens map[int]string
	// damaged: the test damages the database on purpose; no check at cleanup.
	damaged bool
}

// newHarness opens an engine on a fresh database in t.TempDir with the test
// hall; policy lines go into its [policy] table. Sessions do not expire
// unless a policy line sets session_*.
func newHarness(t testing.TB, policy ...string) *harness {
	t.Helper()
	if !strings.Contains(strings.Join(policy, "\n"), "session_") {
		// Most tests keep a token across days; TestSessionExpiry sets its own.
		policy = append(policy, "session_idle_minutes = 0", "session_max_hours = 0")
	}
	h, err := hall.Parse([]byte(fmt.Sprintf(testHall, strings.Join(policy, "\n"))), "test.toml")
	if err != nil {
		t.Fatal(err)
	}
	hs := &harness{t: t, h: h, clock: &fakeClock{t: monday10}, path: filepath.Join(t.TempDir(), "halld.db"), tokens: map[int]string{}}
	hs.open()
	return hs
}

func (hs *harness) open() {
	hs.t.Helper()
	e, err := Open(hs.path, hs.h, Options{Now: hs.clock.Now})
	if err != nil {
		hs.t.Fatal(err)
	}
	hs.e = e
	hs.t.Cleanup(func() {
		e.Close()
		// Every test leaves a database that restarts (queuetest does the
		// same for other packages, which this package cannot import);
		// tests that damage it on purpose say so.
		if !hs.damaged {
			if err := Check(hs.path); err != nil {
				hs.t.Errorf("the test left a database that does not verify: %v", err)
			}
		}
	})
}

// reopen simulates a restart.
func (hs *harness) reopen() {
	hs.t.Helper()
	if err := hs.e.Close(); err != nil {
		hs.t.Fatal(err)
	}
	hs.open()
}

func (hs *harness) issue(svc string, prio ...string) TicketView {
	hs.t.Helper()
	req := IssueRequest{Service: svc, Channel: "kiosk"}
	if len(prio) > 0 {
		req.Priority = prio[0]
	}
	v, err := hs.e.Issue(req)
	if err != nil {
		hs.t.Fatalf("issue %s: %v", svc, err)
	}
	return v
}

// login logs the window's A post in.
func (hs *harness) login(n int) Act {
	hs.t.Helper()
	tok, _, err := hs.e.Login(LoginRequest{Staff: fmt.Sprintf("w%d", n), PIN: "1234", Window: n})
	if err != nil {
		hs.t.Fatalf("login window %d: %v", n, err)
	}
	hs.tokens[n] = tok
	return Act{Token: tok, Window: n}
}

func (hs *harness) act(n int) Act { return Act{Token: hs.tokens[n], Window: n} }

func (hs *harness) callNext(n int) string {
	hs.t.Helper()
	v, err := hs.e.CallNext(hs.act(n))
	if err != nil {
		hs.t.Fatalf("call at %d: %v", n, err)
	}
	return v.Number
}

// serve calls, starts and finishes the next ticket at window n.
func (hs *harness) serve(n int) string {
	hs.t.Helper()
	num := hs.callNext(n)
	if _, err := hs.e.Start(hs.act(n)); err != nil {
		hs.t.Fatal(err)
	}
	if _, err := hs.e.Finish(hs.act(n), ""); err != nil {
		hs.t.Fatal(err)
	}
	return num
}

// code returns the refusal code of err ("" for nil).
func code(err error) string {
	if err == nil {
		return ""
	}
	var qe *Error
	if errors.As(err, &qe) {
		return qe.Code
	}
	return err.Error()
}
