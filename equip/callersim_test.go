package equip

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"halld/device/caller"
	"halld/device/caller/callersim"
	"halld/device/serialport/serialtest"
	"halld/queue"
	"halld/queue/hall"
)

// TestDemoCallerFromSimPage: the demo hall's caller-10, keyed from the
// /sim/ endpoints: log in as staff 10 (w10), call a ticket, and read the
// display back from /sim/state.json.
func TestDemoCallerFromSimPage(t *testing.T) {
	e := newEngine(t)
	h := hall.Demo()
	var cfg Config
	if err := h.DecodeDevices(&cfg); err != nil {
		t.Fatal(err)
	}
	demo := cfg
	cfg = Config{Callers: demo.Callers} // caller-10 and its evaluator's keypad-10
	for _, k := range demo.Keypads {
		if k.ID == "keypad-10" {
			cfg.Keypads = append(cfg.Keypads, k)
		}
	}
	if len(cfg.Callers) != 1 || len(cfg.Keypads) != 1 || cfg.Keypads[0].Transport != CallerKeys {
		t.Fatalf("demo devices: %+v %+v", cfg.Callers, cfg.Keypads)
	}
	if err := cfg.Validate(h); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	q, err := start(ctx, engineHub{e}, cfg, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	q.RegisterSim(mux)
	post := func(body string, code int) {
		t.Helper()
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest("POST", "/sim/callers/caller-10", strings.NewReader(body)))
		if rec.Code != code {
			t.Fatalf("%s: %d %s", body, rec.Code, rec.Body)
		}
	}
	shows := func(want string) {
		t.Helper()
		if err := q.callers[0].sim.Wait(ctx, 10, want); err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest("GET", "/sim/state.json", nil))
		var st simState
		if err := json.Unmarshal(rec.Body.Bytes(), &st); err != nil || len(st.Callers) != 1 || st.Callers[0].Display != want {
			t.Fatalf("state.json callers %+v (%v), want display %q", st.Callers, err, want)
		}
	}
	shows(showLogin)
	post(`{"key":"confirm","digits":"10"}`, 204)
	shows(showPIN)
	post(`{"key":"confirm","digits":"1234"}`, 204)
	shows(showIdle)
	v, err := e.Issue(queue.IssueRequest{Service: "estate"})
	if err != nil {
		t.Fatal(err)
	}
	post(`{"key":"call"}`, 204)
	shows(ticketDigits(v.Number))
	post(`{"key":"confirm","digits":"12x"}`, 400)
	post(`{"key":"nope"}`, 400)
	post(`{"key":"rate","level":9}`, 400)
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("POST", "/sim/callers/none", strings.NewReader(`{"key":"call"}`)))
	if rec.Code != http.StatusNotFound {
		t.Errorf("unknown caller: %d", rec.Code)
	}
}

// TestCallerLineMissing: a caller whose port is missing is reported
// offline (degraded), not fatal; one on a pty comes up and talks.
func TestCallerLineMissing(t *testing.T) {
	e := newEngine(t)
	path, dev := serialtest.PTY(t)
	cfg := Config{Callers: []Caller{
		{ID: "c3", Window: 3, Transport: Serial, Path: "/nonexistent/ttyCaller", Address: 3},
		{ID: "c4", Window: 4, Transport: Serial, Path: path, Address: 4},
	}}
	if err := cfg.Validate(hall.Demo()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	sub := e.Subscribe(e.Stats().Seq)
	defer sub.Close()
	if _, err := start(ctx, engineHub{e}, cfg, nil, nil, nil); err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for seen["c3"] == "" || seen["c4"] == "" {
		ev, err := sub.Next(ctx)
		if err != nil {
			t.Fatalf("device states %v: %v", seen, err)
		}
		if d, _ := ev.Decode(); d.Device != nil {
			seen[d.Device.ID] = d.Device.State
		}
	}
	if seen["c3"] != queue.DeviceOffline || seen["c4"] != queue.DeviceOK {
		t.Errorf("states %v", seen)
	}
	// The working line speaks real frames on the pty: the prompt, then a
	// key echoed and answered.
	fake := callersim.New(ctx, dev)
	if err := fake.Wait(ctx, 4, showLogin); err != nil {
		t.Fatal(err)
	}
	if err := fake.Press(ctx, 4, caller.FuncConfirm, 4); err != nil {
		t.Fatal(err)
	}
	if err := fake.Wait(ctx, 4, showPIN); err != nil {
		t.Fatal(err)
	}
}

func TestValidateCallers(t *testing.T) {
	ok := Caller{ID: "c", Window: 3, Transport: Sim, Path: "l", Address: 3}
	for _, tc := range []struct {
		name  string
		cs    []Caller
		field string
	}{
		{"address 0", []Caller{{ID: "c", Window: 3, Transport: Sim, Address: 0}}, "devices.caller[0].address"},
		{"address 255", []Caller{{ID: "c", Window: 3, Transport: Sim, Address: 255}}, "devices.caller[0].address"},
		{"no window", []Caller{{ID: "c", Window: 99, Transport: Sim, Address: 1}}, "devices.caller[0].window"},
		{"serial without path", []Caller{{ID: "c", Window: 3, Transport: Serial, Address: 1}}, "devices.caller[0]"},
		{"same address on a line", []Caller{ok, {ID: "d", Window: 4, Transport: Sim, Path: "l", Address: 3}}, "devices.caller[1].address"},
		{"evaluator clashes", []Caller{ok, {ID: "d", Window: 4, Transport: Sim, Path: "l", Address: 4, Evaluator: 3}}, "devices.caller[1].evaluator"},
		{"two callers at a window", []Caller{ok, {ID: "d", Window: 3, Transport: Sim, Path: "m", Address: 4}}, "devices.caller[1].window"},
		{"unknown transfer target", []Caller{{ID: "c", Window: 3, Transport: Sim, Address: 3, TransferService: "nope"}}, "devices.caller[0].transfer_service"},
		{"bauds differ", []Caller{ok, {ID: "d", Window: 4, Transport: Sim, Path: "l", Address: 4, Baud: 19200}}, "devices.caller[1].baud"},
	} {
		cfg := Config{Callers: tc.cs}
		err := cfg.Validate(hall.Demo())
		if err == nil || !strings.Contains(err.Error(), tc.field) {
			t.Errorf("%s: %v, want an error naming %s", tc.name, err, tc.field)
		}
	}
	lonely := Config{Callers: []Caller{ok}, Keypads: []Keypad{{ID: "k", Window: 3, Transport: CallerKeys}}}
	if err := lonely.Validate(hall.Demo()); err == nil || !strings.Contains(err.Error(), "devices.keypad[0].transport") {
		t.Errorf("caller keypad without an evaluator: %v", err)
	}
	cfg := Config{Callers: []Caller{ok}}
	if err := cfg.Validate(hall.Demo()); err != nil || cfg.Callers[0].Baud != 9600 || cfg.Callers[0].Location != "3号窗口" {
		t.Errorf("defaults: %v %+v", err, cfg.Callers[0])
	}
}
