package admin

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"halld/agent"
	"halld/api"
	"halld/kiosk"
	"halld/queue"
	"halld/queue/hall"
	"halld/queue/queuetest"
	"halld/queue/workday"
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

type env struct {
	t     *testing.T
	e     *queue.Engine
	ts    *httptest.Server
	srv   *api.Server
	clock *clock
}

// shanghai is the demo hall's zone (fixed: tests need no tzdata).
var shanghai = time.FixedZone("CST", 8*3600)

// newEnv serves h (the demo hall when nil) with the console mounted, as
// cmd/halld does, on a fresh database. The clock starts on Thursday
// 2025-11-20 10:00 and the calendar knows only 2025's holidays, so next
// year's table is missing (the console warns) until a test uploads it.
func newEnv(t *testing.T, h *hall.Hall) *env {
	t.Helper()
	if h == nil {
		h = hall.Demo()
	}
	cal := &workday.Calendar{}
	data, err := os.ReadFile(filepath.Join("..", "queue", "workday", "holidays", "2025.json"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cal.Load(data); err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Date(2025, 11, 20, 10, 0, 0, 0, shanghai)}
	e := queuetest.Open(t, h, queue.Options{Now: c.now, Calendar: cal})
	srv := api.New(e, nil)
	Register(srv)
	agent.NewHub(e, kiosk.TicketLayout{Hall: h, PublicURL: "http://hall.test"}, nil).Register(srv)
	ts := httptest.NewServer(srv)
	t.Cleanup(func() {
		srv.CloseStreams()
		ts.Close()
		e.Close()
	})
	return &env{t: t, e: e, ts: ts, srv: srv, clock: c}
}
