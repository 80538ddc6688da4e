package kiosk

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"halld/api"
	"halld/queue"
	"halld/queue/hall"
	"halld/queue/queuetest"
)

// testPIN is "1234" hashed with few iterations so logins stay fast.
const testPIN = "pbkdf2-sha256$1000$aGFsbGQtdGVzdC1zYWx0IQ$XAxm6KRuNtniIj12SAP4N7fB1YJYW9YcwwyrAZC/NbA"

// testHall is open around the clock; "estate" caps at 3 tickets, "night"
// issues only in the first minute of the day.
const testHall = `
version = 1
[hall]
name = "测试政务服务中心"
[hours]
monday = ["00:00-24:00"]
tuesday = ["00:00-24:00"]
wednesday = ["00:00-24:00"]
thursday = ["00:00-24:00"]
friday = ["00:00-24:00"]
saturday = ["00:00-24:00"]
sunday = ["00:00-24:00"]
holiday = ["00:00-24:00"]
issue_cutoff_minutes = 0
[policy]
no_show = "void"
expire_grace_minutes = 0
[[priority]]
id = "green"
name = "绿色通道"
[[priority]]
id = "elderly"
name = "老年人"
[[service]]
id = "estate"
name = "不动产登记"
department = "自然资源和规划局"
prefix = "A"
daily_cap = 3
service_minutes = 20
[[service]]
id = "social"
name = "社保医保"
department = "人力资源和社会保障局"
prefix = "B"
service_minutes = 8
[[service]]
id = "night"
name = "夜间业务"
prefix = "N"
issue_hours = ["00:00-00:01"]
[[window]]
number = 1
name = "综合窗口"
services = { estate = 10, social = 5 }
[[window]]
number = 2
name = "不动产登记"
services = { estate = 10 }
[[window]]
number = 3
name = "社保医保"
services = { social = 10, night = 1 }
[[staff]]
id = "w1"
name = "王芳"
pin_hash = "` + testPIN + `"
posts = [{ window = 1, post = "A" }]
[[staff]]
id = "w3"
name = "张伟"
pin_hash = "` + testPIN + `"
posts = [{ window = 3, post = "A" }]
`

// fakePrinter is a Printer whose status and print result the test sets.
type fakePrinter struct {
	mu     sync.Mutex
	status PrinterStatus
	err    error // returned by Print
	after  *PrinterStatus
	block  bool // Print waits for its context
	jobs   [][]byte
}

func newFake() *fakePrinter { return &fakePrinter{status: StatusFor(CodeReady)} }

func (f *fakePrinter) Print(ctx context.Context, job []byte) error {
	f.mu.Lock()
	f.jobs = append(f.jobs, job)
	err, block := f.err, f.block
	if f.after != nil {
		f.status = *f.after
	}
	f.mu.Unlock()
	if block {
		<-ctx.Done()
		return ctx.Err()
	}
	return err
}

func (f *fakePrinter) Status() PrinterStatus {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.status
}

func (f *fakePrinter) set(code string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.status = StatusFor(code)
}

func (f *fakePrinter) printed() [][]byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([][]byte(nil), f.jobs...)
}

var errJam = errors.New("fake: paper jam")

type env struct {
	t    *testing.T
	e    *queue.Engine
	k    *Kiosk
	srv  *httptest.Server
	base string
}

// newEnv runs an engine of testHall at clock now (nil: real time) with the
// api server and the kiosks of opt mounted on it.
func newEnv(t *testing.T, now func() time.Time, opt Options) *env {
	t.Helper()
	h, err := hall.Parse([]byte(testHall), "test.toml")
	if err != nil {
		t.Fatal(err)
	}
	return newEnvHall(t, h, now, opt)
}

// newEnvHall is newEnv for another hall.
func newEnvHall(t *testing.T, h *hall.Hall, now func() time.Time, opt Options) *env {
	t.Helper()
	e := queuetest.Open(t, h, queue.Options{Now: now})
	if opt.PublicURL == "" {
		opt.PublicURL = "http://hall.local:8080"
	}
	opt.Now = now
	k, err := New(e, opt)
	if err != nil {
		t.Fatal(err)
	}
	s := api.New(e, nil)
	k.Register(s)
	srv := httptest.NewServer(s)
	t.Cleanup(func() {
		srv.Close()
		e.Close()
	})
	return &env{t: t, e: e, k: k, srv: srv, base: srv.URL}
}

// fixedClock is Monday 2026-11-23 10:00 in Shanghai.
func fixedClock() time.Time {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	return time.Date(2026, 11, 23, 10, 0, 0, 0, loc)
}

func (v *env) do(method, path, body string) (int, map[string]any) {
	v.t.Helper()
	req, _ := http.NewRequest(method, v.base+path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		v.t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	json.NewDecoder(resp.Body).Decode(&m)
	return resp.StatusCode, m
}

// issued returns the hall's event seq and the tickets issued today.
func (v *env) issued() (uint64, int) {
	v.t.Helper()
	hv, err := v.e.HallView()
	if err != nil {
		v.t.Fatal(err)
	}
	n := 0
	for _, s := range hv.Services {
		n += s.Issued
	}
	return hv.Seq, n
}

func errCode(m map[string]any) string {
	e, _ := m["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

func errMessage(m map[string]any) string {
	e, _ := m["error"].(map[string]any)
	c, _ := e["message"].(string)
	return c
}
