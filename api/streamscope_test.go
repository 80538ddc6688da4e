package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"halld/queue"
)

func TestPublicEvent(t *testing.T) {
	for typ, want := range map[string]bool{
		queue.EvIssued: true, queue.EvCalled: true, queue.EvEvaluated: true, queue.EvLogin: true,
		queue.EvPaused: true, queue.EvDayClosed: true, queue.EvDevice: true, queue.EvNotice: true,
		queue.EvCaseCreated: true, queue.EvCaseCard: true,
		"attendance.punched": false, "attendance.leave": false, "attendance.absent": false,
		"alert.raised": false, "alert.acked": false, "complaint.filed": false, "complaint.updated": false,
		queue.EvFollowUpOpened: false, queue.EvFollowUpUpdated: false, "booking.booked": false,
		"sms.queued": false, "sms.failed": false, "audit.noted": false, "guide.updated": false,
		queue.EvHolidays: false, "casework.x": false, "day.opened": false, queue.EvPrivate: false, "": false,
	} {
		if got := publicEvent(typ); got != want {
			t.Errorf("publicEvent(%q) = %v, want %v", typ, got, want)
		}
	}
}

// privateTypes are events of the domains that write staff matters to the
// log; each payload carries a marker that must never reach a public stream.
var privateTypes = []string{"attendance.punched", "attendance.leave", "alert.raised", "alert.acked",
	"complaint.filed", "complaint.updated", "booking.booked", "sms.queued", "audit.noted", "guide.updated"}

func marker(typ string) string { return "SECRET·" + typ + "·张三丰13856781234" }

// emitPrivate commits one event of each private type, a ticket between
// each pair (so public and private interleave).
func (v *env) emitPrivate() {
	v.t.Helper()
	for _, typ := range privateTypes {
		err := v.e.Update(func(r *queue.Rec) error {
			_, err := r.Emit(typ, map[string]string{"staff": marker(typ)})
			return err
		})
		if err != nil {
			v.t.Fatalf("%s: %v", typ, err)
		}
		v.do("POST", "/api/v1/tickets", "", `{"service":"social"}`)
	}
}

// dialAs opens the stream as a browser would for a token (subprotocols).
func (v *env) dialAs(since, tok string) (*websocket.Conn, *http.Response, error) {
	v.t.Helper()
	url := "ws" + strings.TrimPrefix(v.ts.URL, "http") + "/api/v1/events?since=" + since
	d := websocket.Dialer{Subprotocols: []string{streamProtocol, streamBearerPrefix + tok}}
	c, resp, err := d.Dial(url, nil)
	if c != nil {
		v.t.Cleanup(func() { c.Close() })
	}
	return c, resp, err
}

// readUpTo reads raw messages until seq last, checking seq has no gap.
func readUpTo(t *testing.T, c *websocket.Conn, from, last uint64) map[uint64][]byte {
	t.Helper()
	got := map[uint64][]byte{}
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	for seq := from; seq < last; {
		_, msg, err := c.ReadMessage()
		if err != nil {
			t.Fatalf("after seq %d of %d: %v", seq, last, err)
		}
		var ev struct{ Seq uint64 }
		if err := json.Unmarshal(msg, &ev); err != nil {
			t.Fatalf("bad message %q", msg)
		}
		if ev.Seq != seq+1 {
			t.Fatalf("seq %d after %d: the stream has a gap", ev.Seq, seq)
		}
		seq, got[ev.Seq] = ev.Seq, msg
	}
	return got
}

// checkScope compares what a stream sent with the log: public events
// whole, private ones whole (all) or as a bare placeholder.
func checkScope(t *testing.T, who string, e *queue.Engine, got map[uint64][]byte, all bool) {
	t.Helper()
	log, err := e.ReadEvents(0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	private := 0
	for _, ev := range log {
		msg, ok := got[ev.Seq]
		if !ok {
			continue
		}
		switch {
		case all || publicEvent(ev.Type):
			if !bytes.Equal(msg, ev.JSON()) {
				t.Errorf("%s: seq %d (%s) sent as %s, want %s", who, ev.Seq, ev.Type, msg, ev.JSON())
			}
		default:
			private++
			if want := `{"seq":` + itoa(int(ev.Seq)) + `,"type":"private"}`; string(msg) != want {
				t.Errorf("%s: %s at seq %d sent as %s, want %s", who, ev.Type, ev.Seq, msg, want)
			}
		}
		if !all && (strings.Contains(string(msg), "SECRET") || strings.Contains(string(msg), "13856781234")) {
			t.Errorf("%s: seq %d carries a private payload: %s", who, ev.Seq, msg)
		}
	}
	if !all && private < len(privateTypes) {
		t.Errorf("%s: %d placeholders, want at least %d", who, private, len(privateTypes))
	}
}

// TestStreamScopes: the anonymous and the clerk's streams get every public
// event whole and every other one as a placeholder, with no gap in seq,
// both replayed (since=0) and live; a supervisor's gets all of them.
func TestStreamScopes(t *testing.T) {
	v := newEnv(t)
	v.emitPrivate()
	clerk := v.login("w3", 3)
	sup := v.login("admin", 0)
	replayed := v.e.Stats().Seq

	anon := v.dial("0")
	hdr := http.Header{"Authorization": {"Bearer " + clerk}}
	clerkConn, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(v.ts.URL, "http")+"/api/v1/events?since=0", hdr)
	if err != nil {
		t.Fatal(err)
	}
	defer clerkConn.Close()
	supConn, resp, err := v.dialAs("0", sup)
	if err != nil {
		t.Fatal(err)
	}
	if p := resp.Header.Get("Sec-WebSocket-Protocol"); p != streamProtocol || strings.Contains(p, sup) {
		t.Errorf("server chose subprotocol %q, want %q", p, streamProtocol)
	}

	for _, s := range []struct {
		who  string
		c    *websocket.Conn
		all  bool
		seen map[uint64][]byte
	}{{"anonymous", anon, false, nil}, {"clerk", clerkConn, false, nil}, {"supervisor", supConn, true, nil}} {
		got := readUpTo(t, s.c, 0, replayed)
		checkScope(t, s.who+" replay", v.e, got, s.all)
		if s.all {
			for _, typ := range privateTypes {
				found := false
				for _, msg := range got {
					found = found || bytes.Contains(msg, []byte(marker(typ)))
				}
				if !found {
					t.Errorf("supervisor stream lacks %s", typ)
				}
			}
		}
	}
	// Live: the same again, after the streams caught up.
	v.emitPrivate()
	last := v.e.Stats().Seq
	checkScope(t, "anonymous live", v.e, readUpTo(t, anon, replayed, last), false)
	checkScope(t, "clerk live", v.e, readUpTo(t, clerkConn, replayed, last), false)
	checkScope(t, "supervisor live", v.e, readUpTo(t, supConn, replayed, last), true)
}

// TestStreamTokenNotInURL: a token in the query string is refused, and
// never gives a wider scope.
func TestStreamTokenNotInURL(t *testing.T) {
	v := newEnv(t)
	sup := v.login("admin", 0)
	for _, p := range urlTokenParams {
		url := "ws" + strings.TrimPrefix(v.ts.URL, "http") + "/api/v1/events?since=0&" + p + "=" + sup
		c, resp, err := websocket.DefaultDialer.Dial(url, nil)
		if err == nil {
			c.Close()
			t.Errorf("%s in the URL: stream opened", p)
			continue
		}
		if resp == nil || resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s in the URL: %v %v", p, resp, err)
		}
	}
}

// TestStreamBadTokens: an unknown token in the header gets the public
// scope (a revoked board keeps following the queue); in a subprotocol (a
// browser) the stream closes with 4401 before any event.
func TestStreamBadTokens(t *testing.T) {
	v := newEnv(t)
	v.emitPrivate()
	hdr := http.Header{"Authorization": {"Bearer " + strings.Repeat("ab", 32)}}
	hc, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(v.ts.URL, "http")+"/api/v1/events?since=0", hdr)
	if err != nil {
		t.Fatal(err)
	}
	defer hc.Close()
	checkScope(t, "forged header token", v.e, readUpTo(t, hc, 0, v.e.Stats().Seq), false)
	c, _, err := v.dialAs("0", strings.Repeat("cd", 32))
	if err != nil {
		t.Fatal(err)
	}
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, msg, err := c.ReadMessage()
	if !websocket.IsCloseError(err, closeSessionInvalid) {
		t.Errorf("forged subprotocol token: got %q, %v", msg, err)
	}
}

// TestStreamEndsWithSession: a supervisor who logs out gets no private
// event after it; the stream closes with 4401 session_ended.
func TestStreamEndsWithSession(t *testing.T) {
	v := newEnv(t)
	sup := v.login("admin", 0)
	c, _, err := v.dialAs(itoa(int(v.e.Stats().Seq)), sup)
	if err != nil {
		t.Fatal(err)
	}
	if st, m := v.do("POST", "/api/v1/logout", sup, ""); st != 200 && st != 204 {
		t.Fatalf("logout: %d %v", st, m)
	}
	v.emitPrivate()
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		_, msg, err := c.ReadMessage()
		if err != nil {
			if !websocket.IsCloseError(err, closeSessionInvalid) {
				t.Errorf("stream ended with %v, want close %d", err, closeSessionInvalid)
			}
			return
		}
		if bytes.Contains(msg, []byte("SECRET")) {
			t.Errorf("after logout the stream sent %s", msg)
		}
	}
}
