package api

import (
	"net"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"halld/queue"
	"halld/queue/hall"
	"halld/queue/queuetest"
)

// countingListener counts the Write calls on every accepted connection.
type countingListener struct {
	net.Listener
	writes *atomic.Int64
}

func (l countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return countingConn{c, l.writes}, nil
}

type countingConn struct {
	net.Conn
	writes *atomic.Int64
}

func (c countingConn) Write(p []byte) (int, error) {
	c.writes.Add(1)
	return c.Conn.Write(p)
}

// TestStreamBatchesWhatPiledUp: a screen joining behind 150 events gets
// each as its own message, in order, but in a few writes, not 150.
func TestStreamBatchesWhatPiledUp(t *testing.T) {
	e := queuetest.Open(t, hall.Demo(), queue.Options{})
	defer e.Close()
	const n = 150
	for range n {
		if _, err := e.Issue(queue.IssueRequest{Service: "social", Channel: "kiosk"}); err != nil {
			t.Fatal(err)
		}
	}
	srv := New(e, nil)
	ts := httptest.NewUnstartedServer(srv)
	var writes atomic.Int64
	ts.Listener = countingListener{ts.Listener, &writes}
	ts.Start()
	defer ts.Close()
	defer srv.CloseStreams()

	c, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(ts.URL, "http")+"/api/v1/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for i, ev := range readEvents(t, c, n) {
		if ev.Seq != uint64(i+1) {
			t.Fatalf("message %d has seq %d", i, ev.Seq)
		}
	}
	// The handshake is one write; catching up takes 32 events at a time
	// (from the hub's memory here), and each batch goes out in writes of up
	// to 16 KiB (~30 of these events).
	w := writes.Load()
	t.Logf("%d events in %d writes", n, w)
	if w > n/4 {
		t.Errorf("%d events took %d writes; want them batched", n, w)
	}
}

// deadlineConn records the write deadlines set on it.
type deadlineConn struct {
	net.Conn
	set []time.Time
}

func (c *deadlineConn) SetWriteDeadline(t time.Time) error {
	c.set = append(c.set, t)
	return nil
}

// TestWriteDeadlineMovesWithSlack: a deadline a little later than the one
// in force is not applied (a timer update per frame per screen); an
// earlier one, a much later one, or none at all is.
func TestWriteDeadlineMovesWithSlack(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	fc := &deadlineConn{}
	c := &batchConn{Conn: fc, slack: 5 * time.Second}
	for _, step := range []struct {
		dl      time.Time
		applied bool
	}{
		{at(10), true},      // the first
		{at(14), false},     // 4 s later: the write still has ≥ 5 s
		{at(15), true},      // 5 s later
		{at(12), true},      // earlier: always
		{time.Time{}, true}, // none
		{at(20), true},      // after none
		{at(20), false},     // the same
	} {
		n := len(fc.set)
		c.SetWriteDeadline(step.dl)
		if got := len(fc.set) > n; got != step.applied {
			t.Errorf("deadline %v after %v: applied %v, want %v", step.dl.Sub(t0), c.applied.Sub(t0), got, step.applied)
		}
	}
}
