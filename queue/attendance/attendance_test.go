package attendance_test

import (
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"halld/queue"
	"halld/queue/attendance"
	"halld/queue/hall"
	"halld/queue/queuetest"
)

const pin1234 = "pbkdf2-sha256$100000$Obo7can94RPwuc2XwiR/Gw$qY0IP3+TMIpMJ7tF6k5r9Vx1EJFd9EjaZtyZtk+AOuE"

// testHall keeps office hours with a lunch break, so the default slots
// are 09:00, 13:30 and 17:00; a start punch has 5 minutes' grace.
const testHall = `
version = 1
[hall]
name = "考勤测试大厅"
[hours]
monday    = ["09:00-12:00", "13:30-17:00"]
tuesday   = ["09:00-12:00", "13:30-17:00"]
wednesday = ["09:00-12:00", "13:30-17:00"]
thursday  = ["09:00-12:00", "13:30-17:00"]
friday    = ["09:00-12:00", "13:30-17:00"]
[attendance]
late_grace_minutes = 5
[[service]]
id = "estate"
name = "不动产登记"
prefix = "A"
[[window]]
number = 1
services = { estate = 10 }
[[staff]]
id = "w1"
name = "王芳"
pin_hash = "` + pin1234 + `"
card = "0001234567"
posts = [{ window = 1, post = "A" }]
[[staff]]
id = "w2"
name = "李娜"
pin_hash = "` + pin1234 + `"
card = "0007654321"
posts = [{ window = 1, post = "B" }]
[[staff]]
id = "boss"
name = "值班长"
role = "supervisor"
pin_hash = "` + pin1234 + `"
[[staff]]
id = "root"
name = "管理员"
role = "admin"
pin_hash = "` + pin1234 + `"
`

var shanghai = func() *time.Location { l, _ := time.LoadLocation("Asia/Shanghai"); return l }()

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(s string)            { c.mu.Lock(); c.t = at(s); c.mu.Unlock() }
func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

type env struct {
	t     *testing.T
	clock *clock
	path  string
	h     *hall.Hall
	e     *queue.Engine
	b     *attendance.Book
}

var boss = queue.Session{Staff: "boss", Role: hall.RoleSupervisor}

func newEnv(t *testing.T, start string) *env {
	t.Helper()
	h, err := hall.Parse([]byte(testHall), "test.toml")
	if err != nil {
		t.Fatal(err)
	}
	v := &env{t: t, clock: &clock{t: at(start)}, path: filepath.Join(t.TempDir(), "halld.db"), h: h}
	v.open()
	return v
}

func (v *env) open() {
	v.t.Helper()
	v.e = queuetest.OpenAt(v.t, v.path, v.h, queue.Options{Now: v.clock.Now})
	b, err := attendance.Open(v.e, attendance.Options{Now: v.clock.Now})
	if err != nil {
		v.t.Fatal(err)
	}
	v.b = b
}

// reopen restarts the engine and the book on the same database.
func (v *env) reopen() {
	v.t.Helper()
	if err := v.e.Close(); err != nil {
		v.t.Fatal(err)
	}
	v.open()
}

func (v *env) sweep() int {
	v.t.Helper()
	n, err := v.b.Sweep()
	if err != nil {
		v.t.Fatal(err)
	}
	return n
}

// card punches w1 or w2 by card at time s.
func (v *env) card(staff, s string) attendance.Punched {
	v.t.Helper()
	v.clock.Set(s)
	cards := map[string]string{"w1": "0001234567", "w2": "0007654321"}
	p, err := v.b.Punch(attendance.PunchRequest{Card: cards[staff], Device: "reader-1"})
	if err != nil {
		v.t.Fatalf("punch %s at %s: %v", staff, s, err)
	}
	return p
}

func (v *env) status(staff, day, slot string) attendance.Mark {
	v.t.Helper()
	bd, err := v.b.Board(boss, day)
	if err != nil {
		v.t.Fatal(err)
	}
	for _, r := range bd.Rows {
		if r.Staff == staff {
			for _, m := range r.Marks {
				if m.Slot == slot {
					return m.Mark
				}
			}
		}
	}
	v.t.Fatalf("no %s/%s on the board of %s", staff, slot, day)
	return attendance.Mark{}
}

func code(err error) string {
	var qe *queue.Error
	if errors.As(err, &qe) {
		return qe.Code
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

// Wednesday 2026-12-02: the slot and status of a punch by its time.
func TestPunchStatus(t *testing.T) {
	tests := []struct {
		at, slot, status string
		minutes          int
	}{
		{"08:31", "am_in", attendance.OnTime, 0},
		{"09:00", "am_in", attendance.OnTime, 0},
		{"09:05", "am_in", attendance.OnTime, 0}, // inside the grace
		{"09:06", "am_in", attendance.Late, 6},
		{"11:14", "am_in", attendance.Late, 134}, // still the morning's slot
		{"11:15", "pm_in", attendance.OnTime, 0}, // half way to 13:30
		{"13:35", "pm_in", attendance.OnTime, 0},
		{"13:40", "pm_in", attendance.Late, 10},
		{"15:14", "pm_in", attendance.Late, 104},
		{"15:15", "pm_out", attendance.Early, 105},
		{"16:59", "pm_out", attendance.Early, 1}, // no grace for leaving early by default
		{"17:00", "pm_out", attendance.OnTime, 0},
		{"21:30", "pm_out", attendance.OnTime, 0},
	}
	for _, tc := range tests {
		t.Run(tc.at, func(t *testing.T) {
			v := newEnv(t, "2026-12-02 07:00")
			p := v.card("w1", "2026-12-02 "+tc.at)
			if p.Slot != tc.slot || p.Status != tc.status || p.Minutes != tc.minutes || p.Repeat || p.Seq == 0 {
				t.Fatalf("punch at %s = %+v, want %s %s %d", tc.at, p, tc.slot, tc.status, tc.minutes)
			}
			if m := v.status("w1", "2026-12-02", tc.slot); m.Status != tc.status || m.Seq != p.Seq || m.Via != "card" {
				t.Errorf("board shows %+v", m)
			}
		})
	}
}

// A start slot keeps its first punch; an end slot its last.
func TestRepeatPunches(t *testing.T) {
	v := newEnv(t, "2026-12-02 07:00")
	first := v.card("w1", "2026-12-02 08:50")
	again := v.card("w1", "2026-12-02 09:20")
	if !again.Repeat || again.Status != attendance.OnTime || !again.At.Equal(first.At) || again.Seq != first.Seq {
		t.Errorf("second morning punch = %+v, want the first one repeated", again)
	}
	out1 := v.card("w1", "2026-12-02 16:30")
	out2 := v.card("w1", "2026-12-02 17:10")
	if out1.Status != attendance.Early || out2.Status != attendance.OnTime || out2.Repeat {
		t.Errorf("leaving punches %+v then %+v", out1, out2)
	}
	if m := v.status("w1", "2026-12-02", "pm_out"); m.Status != attendance.OnTime || m.Seq != out2.Seq {
		t.Errorf("the last leaving punch should count: %+v", m)
	}
	evs, _ := v.e.ReadEvents(0, 100)
	n := 0
	for _, ev := range evs {
		if ev.Type == attendance.EvPunched {
			n++
		}
	}
	if n != 3 {
		t.Errorf("%d punch events, want 3 (a repeated start punch records nothing)", n)
	}
}

func TestPunchRefusals(t *testing.T) {
	v := newEnv(t, "2026-12-02 08:55")
	tests := []struct {
		name string
		req  attendance.PunchRequest
		want string
	}{
		{"unknown card", attendance.PunchRequest{Card: "99999999"}, "unknown_card"},
		{"no credentials", attendance.PunchRequest{Staff: "w1"}, "credentials_required"},
		{"wrong pin", attendance.PunchRequest{Staff: "w1", PIN: "0000", Source: "10.1.1.1:1"}, "bad_credentials"},
		{"admin need not punch", attendance.PunchRequest{Staff: "root", PIN: "1234", Source: "10.1.1.2:1"}, "no_attendance"},
	}
	for _, tc := range tests {
		if _, err := v.b.Punch(tc.req); code(err) != tc.want {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.want)
		}
	}
	p, err := v.b.Punch(attendance.PunchRequest{Staff: "boss", PIN: "1234", Source: "10.1.1.3:1"})
	if err != nil || p.Status != attendance.OnTime || p.Name != "值班长" {
		t.Errorf("supervisor's PIN punch: %+v %v", p, err)
	}
}

// Wrong PINs at the punch lock the staff member's logins too, and the
// other way round: one guard, not a second unguarded PIN check.
func TestPunchPINLockout(t *testing.T) {
	v := newEnv(t, "2026-12-02 08:55")
	for range 5 {
		if _, err := v.b.Punch(attendance.PunchRequest{Staff: "w1", PIN: "9999", Source: "10.2.2.2:1"}); code(err) != "bad_credentials" {
			t.Fatalf("wrong PIN: %v", err)
		}
	}
	if _, err := v.b.Punch(attendance.PunchRequest{Staff: "w1", PIN: "1234", Source: "10.2.2.2:1"}); code(err) != "login_locked" {
		t.Fatalf("right PIN after five wrong: %v", err)
	}
	if _, _, err := v.e.Login(queue.LoginRequest{Staff: "w2", PIN: "1234", Window: 1, Source: "10.2.2.2:9"}); code(err) != "login_locked" {
		t.Fatalf("login from the locked address: %v", err)
	}
	v.clock.Advance(16 * time.Minute)
	if p, err := v.b.Punch(attendance.PunchRequest{Staff: "w1", PIN: "1234", Source: "10.2.2.2:1"}); err != nil || p.Status != attendance.Late {
		t.Fatalf("after the lock-out: %+v %v", p, err)
	}
}
