package booking_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"halld/queue"
	"halld/queue/booking"
	"halld/queue/hall"
	"halld/queue/queuetest"
)

// testHall is open Monday to Friday 08:00–18:00 and Saturday morning;
// estate takes two bookings per half hour on working days, social one per
// hour, and on Saturdays one per hour in the morning.
const testHall = `
version = 1
[hall]
name = "测试中心"
[hours]
monday    = ["08:00-18:00"]
tuesday   = ["08:00-18:00"]
wednesday = ["08:00-18:00"]
thursday  = ["08:00-18:00"]
friday    = ["08:00-18:00"]
saturday  = ["08:00-12:00"]
issue_cutoff_minutes = 0
[[priority]]
id = "green"
name = "绿色通道"
[[priority]]
id = "appointment"
name = "预约"
[[service]]
id = "estate"
name = "不动产登记"
prefix = "A"
[[service]]
id = "social"
name = "社保医保"
prefix = "B"
[[window]]
number = 1
services = { estate = 1, social = 1 }
[[staff]]
id = "w1"
name = "窗口一"
pin_hash = "pbkdf2-sha256$100000$Obo7can94RPwuc2XwiR/Gw$qY0IP3+TMIpMJ7tF6k5r9Vx1EJFd9EjaZtyZtk+AOuE"
posts = [{ window = 1, post = "A" }]
[booking]
[[booking.service]]
id = "estate"
hours = ["09:00-12:00", "14:00-17:00"]
slot_minutes = 30
capacity = 2
[booking.service.saturday]
hours = ["09:00-11:00"]
slot_minutes = 60
capacity = 1
[[booking.service]]
id = "social"
hours = ["09:00-12:00"]
slot_minutes = 60
`

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

// at parses "2006-01-02 15:04" in the hall's zone.
func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

type env struct {
	t     *testing.T
	clock *clock
	path  string
	h     *hall.Hall
	e     *queue.Engine
	b     *booking.Book
}

// newEnv opens an engine and its appointments at now. Tuesday 2026-09-29
// 10:00 (the default) books 09-30, then, past the National Day holiday,
// 10-08, 10-09, 10-10 (a 调休 Saturday) and 10-12.
// Keys in booking go into the [booking] table.
func newEnv(t *testing.T, now string, keys string) *env {
	t.Helper()
	h, err := hall.Parse([]byte(strings.Replace(testHall, "[booking]\n", "[booking]\n"+keys+"\n", 1)), "test.toml")
	if err != nil {
		t.Fatal(err)
	}
	if now == "" {
		now = "2026-09-29 10:00"
	}
	v := &env{t: t, clock: &clock{t: at(now)}, path: filepath.Join(t.TempDir(), "halld.db"), h: h}
	v.open()
	return v
}

func (v *env) open() {
	v.t.Helper()
	v.e = queuetest.OpenAt(v.t, v.path, v.h, queue.Options{Now: v.clock.Now, KeyFile: v.path + ".keys"})
	b, err := booking.Open(v.e, booking.Options{Now: v.clock.Now})
	if err != nil {
		v.t.Fatal(err)
	}
	v.b = b
}

// reopen restarts the engine and the appointments on the same file.
func (v *env) reopen() {
	v.t.Helper()
	if err := v.e.Close(); err != nil {
		v.t.Fatal(err)
	}
	v.open()
}

func (v *env) book(service, date, start, id string) (booking.View, error) {
	return v.b.Make(booking.Request{Service: service, Date: date, Start: start, IDNumber: id, Channel: "portal"})
}

func (v *env) mustBook(service, date, start, id string) booking.View {
	v.t.Helper()
	k, err := v.book(service, date, start, id)
	if err != nil {
		v.t.Fatalf("book %s %s %s: %v", service, date, start, err)
	}
	return k
}

// idNumber returns a valid ID number, different for each n.
func idNumber(n int) string {
	s := fmt.Sprintf("11010519900101%03d", n)
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(s[i]-'0') * weights[i]
	}
	return s + string("10X98765432"[sum%11])
}

func code(err error) string {
	var qe *queue.Error
	if errors.As(err, &qe) {
		return qe.Code
	}
	if err != nil {
		return "error: " + err.Error()
	}
	return ""
}
