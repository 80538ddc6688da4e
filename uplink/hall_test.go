package uplink_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"halld/queue"
	"halld/queue/hall"
	"halld/uplink"
)

// testHall is a hall's engine (the demo hall, open around the clock) with
// its clerks logged in, and its link when started.
type testHall struct {
	t    *testing.T
	id   string
	path string
	e    *queue.Engine
	acts []queue.Act

	link   *uplink.Link
	cancel context.CancelFunc
	done   chan error
}

func openHall(t *testing.T, id, path string) *testHall {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "halld.db")
	}
	e, err := queue.Open(path, hall.Demo(), queue.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h := &testHall{t: t, id: id, path: path, e: e}
	t.Cleanup(h.close)
	for i := 1; i <= 4; i++ {
		tok, _, err := e.Login(queue.LoginRequest{Staff: fmt.Sprintf("w%d", i), PIN: "1234", Window: i, Takeover: true})
		if err != nil {
			t.Fatal(err)
		}
		h.acts = append(h.acts, queue.Act{Token: tok, Window: i})
	}
	return h
}

// start runs the link with the given config (the hall's own by default).
func (h *testHall) start(cfg uplink.Config) {
	h.t.Helper()
	l, err := uplink.New(h.e, cfg, uplink.Options{MinBackoff: 10 * time.Millisecond, MaxBackoff: 200 * time.Millisecond, LiveEvery: 50 * time.Millisecond})
	if err != nil {
		h.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h.link, h.cancel, h.done = l, cancel, make(chan error, 1)
	go func() { h.done <- l.Run(ctx) }()
}

func (h *testHall) stop() {
	if h.cancel != nil {
		h.cancel()
		if err := <-h.done; err != nil {
			h.t.Errorf("link: %v", err)
		}
		h.cancel = nil
	}
}

func (h *testHall) close() {
	h.stop()
	if h.e != nil {
		h.e.Close()
		h.e = nil
	}
}

func (c *testCentre) config(hall string) uplink.Config {
	return uplink.Config{Servers: []string{c.srv.URL}, Hall: hall, Credentials: c.seeds[hall], CA: c.ca}
}

// work runs n tickets through the hall: issued, called, started and
// finished at the clerks' windows (about five events each), many verbs at
// once as in a hall, so commits group as they do there. Every verb must
// succeed whatever the link is doing: no hall operation waits for it.
func (h *testHall) work(n int) {
	h.t.Helper()
	services := []string{"estate", "social", "business", "fund", "exit", "tax"}
	for done := 0; done < n; {
		k := min(n-done, 24)
		var wg sync.WaitGroup
		errs := make(chan error, 64)
		for i := range k {
			wg.Go(func() {
				if _, err := h.e.Issue(queue.IssueRequest{Service: services[(done+i)%len(services)], Channel: "kiosk"}); err != nil {
					errs <- fmt.Errorf("issue: %w", err)
				}
			})
		}
		wg.Wait()
		for served := 0; served < k; {
			for _, a := range h.acts {
				wg.Go(func() {
					if _, err := h.e.CallNext(a); err != nil {
						var qe *queue.Error
						if !errors.As(err, &qe) || qe.Code != "nobody_waiting" {
							errs <- fmt.Errorf("call: %w", err)
						}
						return
					}
					if _, err := h.e.Start(a); err != nil {
						errs <- fmt.Errorf("start: %w", err)
					} else if _, err := h.e.Finish(a, queue.OutcomeHandled); err != nil {
						errs <- fmt.Errorf("finish: %w", err)
					}
				})
			}
			wg.Wait()
			served += len(h.acts)
		}
		close(errs)
		for err := range errs {
			h.t.Fatal(err)
		}
		done += k
	}
}

// seq is the hall's last committed event.
func (h *testHall) seq() uint64 { return h.e.Stats().Seq }

// caughtUp waits until the centre's stream holds the hall's every event.
func (c *testCentre) caughtUp(h *testHall) {
	c.t.Helper()
	want := h.seq()
	eventually(c.t, 60*time.Second, fmt.Sprintf("stream of %s reaches event %d", h.id, want), func() bool {
		n, err := c.lastPublished(h.id)
		return err == nil && n >= want
	})
}

// sameAsLog checks that the stream holds every event of the hall's log
// exactly once, in order, as the filter lets it leave.
func (c *testCentre) sameAsLog(h *testHall) {
	c.t.Helper()
	evs, err := h.e.ReadEvents(0, int(h.seq())+10)
	if err != nil {
		c.t.Fatal(err)
	}
	f := uplink.Filter{Reasons: h.e.Hall().Policy.PauseReasons}
	next := uint64(1)
	batches := c.batches(h.id)
	for _, b := range batches {
		if b.First != next {
			c.t.Fatalf("batch %d-%d after event %d: a gap or a duplicate", b.First, b.Last, next-1)
		}
		for i, raw := range b.Events {
			want, err := f.Event(evs[next-1+uint64(i)])
			if err != nil {
				c.t.Fatal(err)
			}
			if !bytes.Equal(raw, want) {
				c.t.Fatalf("event %d differs:\nstream %s\nlog    %s", next+uint64(i), raw, want)
			}
		}
		next = b.Last + 1
	}
	if next-1 != uint64(len(evs)) {
		c.t.Fatalf("stream ends at event %d, the log at %d", next-1, len(evs))
	}
	c.t.Logf("%s: %d events in %d batches, each once and in order", h.id, len(evs), len(batches))
}
