package alerts

import (
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"halld/queue"
	"halld/queue/hall"
	"halld/queue/queuetest"
)

// clock is the engine's clock in tests: it moves only when told.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

const pin = "pbkdf2-sha256$100000$Obo7can94RPwuc2XwiR/Gw$qY0IP3+TMIpMJ7tF6k5r9Vx1EJFd9EjaZtyZtk+AOuE" // 1234

// testHall is a small county hall open 09:00–12:00 and 13:30–17:00 on
// working days; alerts is its [alerts] table.
func testHall(t *testing.T, alerts string) *hall.Hall {
	t.Helper()
	src := `version = 1
[hall]
name = "测试县政务服务中心"
[hours]
monday = ["09:00-12:00", "13:30-17:00"]
tuesday = ["09:00-12:00", "13:30-17:00"]
wednesday = ["09:00-12:00", "13:30-17:00"]
thursday = ["09:00-12:00", "13:30-17:00"]
friday = ["09:00-12:00", "13:30-17:00"]
issue_cutoff_minutes = 0
[[service]]
id = "estate"
name = "不动产登记"
department = "自然资源局"
prefix = "A"
[[service]]
id = "social"
name = "社保医保"
department = "人社局"
prefix = "B"
[[window]]
number = 1
name = "不动产登记"
services = { estate = 10 }
[[window]]
number = 2
name = "社保医保"
services = { social = 10 }
[[staff]]
id = "w1"
name = "王芳"
pin_hash = "` + pin + `"
posts = [{ window = 1, post = "A" }]
[[staff]]
id = "w2"
name = "李娜"
pin_hash = "` + pin + `"
posts = [{ window = 2, post = "A" }]
[[staff]]
id = "sup"
name = "值班长"
role = "supervisor"
pin_hash = "` + pin + `"
[[staff]]
id = "admin"
name = "管理员"
role = "admin"
pin_hash = "` + pin + `"
` + alerts
	h, err := hall.Parse([]byte(src), "test.toml")
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// only is an [alerts] table with every rule off but those set in on
// (lines of the table; sub-tables may follow).
func only(on string) string {
	out := "[alerts]\n" + on + "\n"
	for _, k := range []string{"wait_minutes = 0", "queue_length = 0", "pause_minutes = 0", "unstaffed_minutes = 0", "case_card = false"} {
		key, _, _ := strings.Cut(k, " ")
		if !strings.Contains(on, key+" =") {
			out += k + "\n"
		}
	}
	return out
}

type env struct {
	t     *testing.T
	path  string
	h     *hall.Hall
	clock *clock
	e     *queue.Engine
	m     *Monitor
}

// newEnv opens an engine on hall h at Thursday 2025-11-20 09:00 (hall
// time) and a monitor on it.
func newEnv(t *testing.T, h *hall.Hall) *env {
	t.Helper()
	c := &clock{t: time.Date(2025, 11, 20, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))}
	ev := &env{t: t, path: filepath.Join(t.TempDir(), "halld.db"), h: h, clock: c}
	ev.open()
	return ev
}

func (ev *env) open() {
	ev.t.Helper()
	ev.e = queuetest.OpenAt(ev.t, ev.path, ev.h, queue.Options{Now: ev.clock.now})
	m, err := Open(ev.e, nil)
	if err != nil {
		ev.t.Fatal(err)
	}
	ev.m = m
}

// restart closes the engine and opens it and a new monitor again.
func (ev *env) restart() {
	ev.t.Helper()
	if err := ev.e.Close(); err != nil {
		ev.t.Fatal(err)
	}
	ev.open()
}

func (ev *env) check() Result {
	ev.t.Helper()
	r, err := ev.m.Check(ev.clock.now())
	if err != nil {
		ev.t.Fatalf("Check: %v", err)
	}
	return r
}

func (ev *env) issue(service string) queue.TicketView {
	ev.t.Helper()
	v, err := ev.e.Issue(queue.IssueRequest{Service: service, Channel: "kiosk"})
	if err != nil {
		ev.t.Fatalf("issue %s: %v", service, err)
	}
	return v
}

func (ev *env) login(staff string, window int) string {
	ev.t.Helper()
	tok, _, err := ev.e.Login(queue.LoginRequest{Staff: staff, PIN: "1234", Window: window})
	if err != nil {
		ev.t.Fatalf("login %s: %v", staff, err)
	}
	return tok
}

func (ev *env) must(_ any, err error) {
	ev.t.Helper()
	if err != nil {
		ev.t.Fatal(err)
	}
}

// alert returns the alert of id.
func (ev *env) alert(id string) Alert {
	ev.t.Helper()
	ev.m.mu.Lock()
	defer ev.m.mu.Unlock()
	a := ev.m.alerts[id]
	if a == nil {
		ev.t.Fatalf("no alert %s", id)
	}
	return *a
}
