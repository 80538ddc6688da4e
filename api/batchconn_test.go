package api

import (
	"net"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gorilla/websocket"

	"halld/queue"
	"halld/queue/hall"
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
	e, err := queue.Open(filepath.Join(t.TempDir(), "halld.db"), hall.Demo(), queue.Options{})
	if err != nil {
		t.Fatal(err)
	}
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
	// The handshake is one write; the log is read 64 events at a time, and
	// each read-ahead goes out in writes of up to 16 KiB (~30 of these).
	w := writes.Load()
	t.Logf("%d events in %d writes", n, w)
	if w > n/4 {
		t.Errorf("%d events took %d writes; want them batched", n, w)
	}
}
