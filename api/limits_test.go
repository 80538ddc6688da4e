package api

import (
	"bufio"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"halld/queue"
	"halld/queue/hall"
	"halld/queue/queuetest"
)

// dialFrom opens an event stream as a client at addr; it returns the
// refusal's status when there is no stream.
func (v *env) dialFrom(addr string) (*websocket.Conn, int, http.Header) {
	v.t.Helper()
	url := "ws" + strings.TrimPrefix(v.ts.URL, "http") + "/api/v1/events"
	c, resp, err := websocket.DefaultDialer.Dial(url, http.Header{"X-Test-From": {addr}})
	if err != nil {
		if resp == nil {
			v.t.Fatal(err)
		}
		return nil, resp.StatusCode, resp.Header
	}
	v.t.Cleanup(func() { c.Close() })
	return c, http.StatusSwitchingProtocols, nil
}

// Issue 15, attack 7: anonymous WebSockets were unlimited (20,000 ran the
// daemon out of descriptors). Streams are limited per address and in all.
func TestStreamLimits(t *testing.T) {
	v := newEnv(t)
	v.srv.SetStreamLimits(2, 4)
	for range 2 {
		if _, st, _ := v.dialFrom("203.0.113.7:1"); st != http.StatusSwitchingProtocols {
			t.Fatalf("stream within the limit: %d", st)
		}
	}
	_, st, hdr := v.dialFrom("203.0.113.7:2")
	if st != http.StatusTooManyRequests || hdr.Get("Retry-After") == "" {
		t.Errorf("third stream from one address: %d, Retry-After %q", st, hdr.Get("Retry-After"))
	}
	// The hall's own devices are held only to the total.
	for range 2 {
		if _, st, _ := v.dialFrom("127.0.0.1:3"); st != http.StatusSwitchingProtocols {
			t.Fatalf("stream from the hall machine: %d", st)
		}
	}
	_, st, hdr = v.dialFrom("203.0.113.8:1")
	if st != http.StatusServiceUnavailable || hdr.Get("Retry-After") == "" {
		t.Errorf("stream past the total: %d, Retry-After %q", st, hdr.Get("Retry-After"))
	}
	// A closed stream gives its slot back (once halld has noticed).
	c, _, _ := v.dialFrom("127.0.0.1:4")
	if c != nil {
		t.Fatal("a fifth stream was let in")
	}
	v.srv.mu.Lock()
	n := v.srv.streamCount
	v.srv.mu.Unlock()
	if n != 4 {
		t.Errorf("%d streams counted, want 4", n)
	}
}

// A closed stream's slot is released.
func TestStreamSlotReleased(t *testing.T) {
	v := newEnv(t)
	v.srv.SetStreamLimits(1, 1)
	c, _, _ := v.dialFrom("203.0.113.7:1")
	c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""))
	c.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		v.srv.mu.Lock()
		n := v.srv.streamCount
		v.srv.mu.Unlock()
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the closed stream still holds its slot")
		}
		v.e.Issue(queue.IssueRequest{Service: "estate"}) // an event makes the stream try to write
	}
	if _, st, _ := v.dialFrom("203.0.113.7:1"); st != http.StatusSwitchingProtocols {
		t.Errorf("after the close: %d", st)
	}
}

// Under overload anonymous issuing answers 429 busy at once rather than
// queueing requests in memory.
func TestIssueBusy(t *testing.T) {
	v := newEnv(t)
	for range maxIssuing {
		v.srv.issuing <- struct{}{}
	}
	st, hdr, c := v.send("203.0.113.7:1", "/api/v1/tickets", "application/json", "", `{"service":"estate"}`)
	if st != http.StatusTooManyRequests || c != "busy" || hdr.Get("Retry-After") != "1" {
		t.Errorf("issue under overload: %d %s Retry-After %q", st, c, hdr.Get("Retry-After"))
	}
	for range maxIssuing {
		<-v.srv.issuing
	}
	if st, _, c := v.send("203.0.113.7:1", "/api/v1/tickets", "application/json", "", `{"service":"estate"}`); st != http.StatusCreated {
		t.Errorf("issue after the overload: %d %s", st, c)
	}
}

// Issue 15, attack 7: a body trickled a byte at a time held a connection
// for as long as the client liked. The server's ReadTimeout cuts it — and
// an event stream opened before lives on past it.
func TestSlowBodyCutStreamsLive(t *testing.T) {
	e := queuetest.Open(t, hall.Demo(), queue.Options{})
	srv := New(e, nil)
	ts := httptest.NewUnstartedServer(srv)
	hs := NewHTTPServer(srv)
	hs.ReadTimeout, hs.WriteTimeout, hs.ReadHeaderTimeout = 300*time.Millisecond, 300*time.Millisecond, 300*time.Millisecond
	ts.Config = hs
	ts.Start()
	t.Cleanup(func() { srv.CloseStreams(); ts.Close(); e.Close() })

	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(ts.URL, "http")+"/api/v1/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()

	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.Write([]byte("POST /api/v1/tickets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{"))
	conn.SetReadDeadline(time.Now().Add(20 * time.Second)) // the test's own bound, far past the server's
	start := time.Now()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err == nil {
		resp.Body.Close()
	}
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("a trickled body held the connection for %v", time.Since(start))
	}
	// ReadTimeout has passed for the stream too: it must still deliver.
	if _, err := e.Issue(queue.IssueRequest{Service: "estate"}); err != nil {
		t.Fatal(err)
	}
	ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, msg, err := ws.ReadMessage(); err != nil || !strings.Contains(string(msg), "ticket.issued") {
		t.Errorf("stream after the server's timeouts: %q %v", msg, err)
	}
}
