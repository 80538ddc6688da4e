package api

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"halld/internal/httpjson"
	"halld/queue"
	"halld/queue/hall"
	"halld/queue/queuetest"
)

type env struct {
	t   *testing.T
	e   *queue.Engine
	srv *Server
	ts  *httptest.Server
}

// newEnv serves the demo hall (open around the clock) on a fresh database.
func newEnv(t *testing.T) *env {
	t.Helper()
	e := queuetest.Open(t, hall.Demo(), queue.Options{})
	srv := New(e, nil)
	// X-Test-From stands in for a client on another machine: httptest
	// clients are all on loopback, which counts as the hall's own devices.
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a := r.Header.Get("X-Test-From"); a != "" {
			r.RemoteAddr = a
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(func() {
		srv.CloseStreams()
		ts.Close()
		e.Close()
	})
	return &env{t, e, srv, ts}
}

// do sends a request and decodes the JSON answer into a map.
func (v *env) do(method, path, token, body string) (int, map[string]any) {
	v.t.Helper()
	req, _ := http.NewRequest(method, v.ts.URL+path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		v.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var m map[string]any
	if len(raw) > 0 && raw[0] == '{' {
		if err := json.Unmarshal(raw, &m); err != nil {
			v.t.Fatalf("%s %s: bad JSON %q", method, path, raw)
		}
	}
	return resp.StatusCode, m
}

func (v *env) login(staff string, window int) string {
	v.t.Helper()
	st, m := v.do("POST", "/api/v1/login", "", `{"staff":"`+staff+`","pin":"1234","window":`+itoa(window)+`}`)
	if st != 200 {
		v.t.Fatalf("login %s: %d %v", staff, st, m)
	}
	return m["token"].(string)
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func hasKeys(t *testing.T, what string, m map[string]any, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			t.Errorf("%s lacks %q: %v", what, k, m)
		}
	}
}

func TestContract(t *testing.T) {
	v := newEnv(t)
	st, h := v.do("GET", "/api/v1/hall", "", "")
	if st != 200 {
		t.Fatalf("hall: %d", st)
	}
	hasKeys(t, "hall", h, "name", "services", "windows")
	svc := h["services"].([]any)[0].(map[string]any)
	hasKeys(t, "service", svc, "id", "name", "prefix", "waiting")
	win := h["windows"].([]any)[0].(map[string]any)
	hasKeys(t, "window", win, "number", "name", "services", "state", "current")
	if win["current"] != nil {
		t.Errorf("idle window current = %v, want null", win["current"])
	}

	st, tk := v.do("POST", "/api/v1/tickets", "", `{"service":"estate","channel":"kiosk"}`)
	if st != http.StatusCreated {
		t.Fatalf("issue: %d %v", st, tk)
	}
	hasKeys(t, "ticket", tk, "id", "number", "service", "state", "issued_at", "ahead", "wait_estimate_s")
	if tk["number"] != "A001" || tk["state"] != "waiting" || tk["ahead"] != 0.0 {
		t.Errorf("ticket %v", tk)
	}
	id := tk["id"].(string)
	if len(id) < 20 {
		t.Errorf("ticket id %q is guessable", id)
	}

	tok := v.login("w3", 3)
	st, called := v.do("POST", "/api/v1/windows/3/call", tok, "")
	if st != 200 || called["number"] != "A001" || called["window"] != 3.0 || called["state"] != "called" {
		t.Fatalf("call: %d %v", st, called)
	}
	_, got := v.do("GET", "/api/v1/tickets/"+id, "", "")
	if got["window"] != 3.0 || got["state"] != "called" {
		t.Errorf("ticket after call %v", got)
	}
	for _, verb := range []string{"recall", "start"} {
		if st, m := v.do("POST", "/api/v1/windows/3/"+verb, tok, ""); st != 200 || m["number"] != "A001" {
			t.Errorf("%s: %d %v", verb, st, m)
		}
	}
	if st, m := v.do("POST", "/api/v1/windows/3/finish", tok, `{"outcome":"handled"}`); st != 200 || m["state"] != "done" {
		t.Errorf("finish: %d %v", st, m)
	}
	if st, m := v.do("POST", "/api/v1/windows/3/pause", tok, `{"reason":"午休"}`); st != 200 || m["state"] != "paused" {
		t.Errorf("pause: %d %v", st, m)
	}
	if st, m := v.do("POST", "/api/v1/windows/3/resume", tok, ""); st != 200 || m["state"] != "open" {
		t.Errorf("resume: %d %v", st, m)
	}
}

func TestTransferHoldCallbackAndSpecificCall(t *testing.T) {
	v := newEnv(t)
	v.do("POST", "/api/v1/tickets", "", `{"service":"estate"}`)
	_, a2 := v.do("POST", "/api/v1/tickets", "", `{"service":"estate"}`)
	tok := v.login("w3", 3)
	if st, m := v.do("POST", "/api/v1/windows/3/call/"+a2["id"].(string), tok, ""); st != 200 || m["number"] != "A002" {
		t.Fatalf("call A002: %d %v", st, m)
	}
	if st, m := v.do("POST", "/api/v1/windows/3/hold", tok, ""); st != 200 || m["state"] != "held" {
		t.Fatalf("hold: %d %v", st, m)
	}
	if st, m := v.do("POST", "/api/v1/windows/3/call", tok, ""); st != 200 || m["number"] != "A001" {
		t.Fatalf("call next: %d %v", st, m)
	}
	if st, m := v.do("POST", "/api/v1/windows/3/transfer", tok, `{"service":"tax"}`); st != 200 || m["service"] != "tax" || m["state"] != "waiting" {
		t.Fatalf("transfer: %d %v", st, m)
	}
	if st, m := v.do("POST", "/api/v1/windows/3/callback/"+a2["id"].(string), tok, ""); st != 200 || m["number"] != "A002" {
		t.Fatalf("callback: %d %v", st, m)
	}
	if st, m := v.do("POST", "/api/v1/windows/3/no-show", tok, ""); st != 200 {
		t.Fatalf("no-show: %d %v", st, m)
	}
	tax := v.login("w9", 9)
	if st, m := v.do("POST", "/api/v1/windows/9/call", tax, ""); st != 200 || m["number"] != "A001" {
		t.Fatalf("tax window calls the transferred ticket: %d %v", st, m)
	}
}

func TestErrors(t *testing.T) {
	v := newEnv(t)
	tok := v.login("w3", 3)
	big := `{"service":"` + strings.Repeat("x", httpjson.MaxBody) + `"}`
	tests := []struct {
		name, method, path, token, body string
		status                          int
		code                            string
	}{
		{"malformed JSON", "POST", "/api/v1/tickets", "", `{"service":`, 400, "bad_json"},
		{"unknown field", "POST", "/api/v1/tickets", "", `{"service":"estate","colour":"red"}`, 400, "bad_json"},
		{"trailing data", "POST", "/api/v1/tickets", "", `{"service":"estate"} {}`, 400, "bad_json"},
		{"wrong type", "POST", "/api/v1/tickets", "", `{"service":7}`, 400, "bad_json"},
		{"oversized", "POST", "/api/v1/tickets", "", big, 413, "too_large"},
		{"unknown service", "POST", "/api/v1/tickets", "", `{"service":"nope"}`, 400, "unknown_service"},
		{"bad id number", "POST", "/api/v1/tickets", "", `{"service":"estate","id_number":"123"}`, 400, "bad_id_number"},
		{"no such ticket", "GET", "/api/v1/tickets/zzzz", "", "", 404, "ticket_not_found"},
		{"no token", "POST", "/api/v1/windows/3/call", "", "", 401, "session_invalid"},
		{"bad token", "POST", "/api/v1/windows/3/call", "nope", "", 401, "session_invalid"},
		{"other window", "POST", "/api/v1/windows/4/call", tok, "", 403, "wrong_window"},
		{"nobody waiting", "POST", "/api/v1/windows/3/call", tok, "", 404, "nobody_waiting"},
		{"illegal transition", "POST", "/api/v1/windows/3/start", tok, "", 409, "no_current_ticket"},
		{"bad window number", "POST", "/api/v1/windows/x/call", tok, "", 400, "bad_window"},
		{"unknown verb", "POST", "/api/v1/windows/3/dance", tok, "", 404, "no_such_endpoint"},
		{"unknown endpoint", "GET", "/api/v1/nope", "", "", 404, "no_such_endpoint"},
		{"wrong pin", "POST", "/api/v1/login", "", `{"staff":"w1","pin":"0000","window":1}`, 401, "bad_credentials"},
		{"bad since", "GET", "/api/v1/events?since=-1", "", "", 400, "bad_since"},
	}
	_, before := v.do("GET", "/api/v1/hall", "", "")
	for _, tc := range tests {
		st, m := v.do(tc.method, tc.path, tc.token, tc.body)
		if st != tc.status {
			t.Errorf("%s: status %d, want %d (%v)", tc.name, st, tc.status, m)
			continue
		}
		e, _ := m["error"].(map[string]any)
		if e == nil || e["code"] != tc.code || e["message"] == "" {
			t.Errorf("%s: body %v, want code %s and a message", tc.name, m, tc.code)
		}
	}
	_, after := v.do("GET", "/api/v1/hall", "", "")
	if before["seq"] != after["seq"] {
		t.Errorf("bad requests changed the hall: seq %v → %v", before["seq"], after["seq"])
	}
}

// readEvents reads n events from a stream.
func readEvents(t *testing.T, c *websocket.Conn, n int) []queue.Event {
	t.Helper()
	var out []queue.Event
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	for len(out) < n {
		var ev queue.Event
		if err := c.ReadJSON(&ev); err != nil {
			t.Fatalf("after %d events: %v", len(out), err)
		}
		out = append(out, ev)
	}
	return out
}

func (v *env) dial(since string) *websocket.Conn {
	v.t.Helper()
	url := "ws" + strings.TrimPrefix(v.ts.URL, "http") + "/api/v1/events"
	if since != "" {
		url += "?since=" + since
	}
	c, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		v.t.Fatal(err)
	}
	v.t.Cleanup(func() { c.Close() })
	return c
}

func TestEventStreamResumesWithoutGaps(t *testing.T) {
	v := newEnv(t)
	for range 3 {
		v.do("POST", "/api/v1/tickets", "", `{"service":"social"}`)
	}
	c := v.dial("")
	evs := readEvents(t, c, 3)
	for i, ev := range evs {
		if ev.Seq != uint64(i+1) || ev.Type != queue.EvIssued {
			t.Fatalf("event %d: %+v", i, ev)
		}
	}
	// Live.
	tok := v.login("w5", 5)
	v.do("POST", "/api/v1/windows/5/call", tok, "")
	live := readEvents(t, c, 2) // login, call
	if live[0].Seq != 4 || live[1].Type != queue.EvCalled {
		t.Fatalf("live events %+v", live)
	}
	// A screen drops off; a call happens meanwhile; it resumes from its
	// last seq and gets exactly the missed events.
	c.Close()
	v.do("POST", "/api/v1/windows/5/start", tok, "")
	v.do("POST", "/api/v1/windows/5/finish", tok, "")
	v.do("POST", "/api/v1/windows/5/call", tok, "")
	c2 := v.dial("5")
	got := readEvents(t, c2, 3)
	for i, ev := range got {
		if ev.Seq != uint64(6+i) {
			t.Fatalf("resumed event %d has seq %d, want %d", i, ev.Seq, 6+i)
		}
	}
	if got[2].Type != queue.EvCalled {
		t.Errorf("the call made during the gap arrived as %s", got[2].Type)
	}
	d, _ := got[2].Decode()
	if d.Ticket.Number != "B002" || d.Window.Number != 5 {
		t.Errorf("missed call %+v at %+v", d.Ticket, d.Window)
	}
}

func TestCloseStreamsSendsCloseFrame(t *testing.T) {
	v := newEnv(t)
	c := v.dial("")
	v.do("POST", "/api/v1/tickets", "", `{"service":"tax"}`)
	readEvents(t, c, 1)
	v.srv.CloseStreams()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, _, err := c.ReadMessage()
	if !websocket.IsCloseError(err, websocket.CloseGoingAway) {
		t.Errorf("after CloseStreams the client read %v, want a going-away close", err)
	}
}

func TestHallJSONIsValidUTF8AndNoPersonalData(t *testing.T) {
	v := newEnv(t)
	v.do("POST", "/api/v1/tickets", "", `{"service":"estate","id_number":"11010519491231002X"}`)
	resp, err := http.Get(v.ts.URL + "/api/v1/hall")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if bytes.Contains(raw, []byte("19491231")) {
		t.Error("hall view leaks an ID number")
	}
	c := v.dial("")
	ev := readEvents(t, c, 1)[0]
	if bytes.Contains(ev.Data, []byte("19491231")) {
		t.Error("event stream leaks an ID number")
	}
}

func jsonOf(v any) string { b, _ := json.Marshal(v); return string(b) }
