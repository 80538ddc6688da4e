package equip

import (
	"bytes"
	"context"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"halld/queue"
	"halld/queue/hall"
)

func TestServeQR(t *testing.T) {
	for _, tc := range []struct {
		query string
		code  int
	}{
		{"?level=M&data=http://10.0.0.2/t/abc", 200},
		{"?level=X&data=abc", 400},
		{"?level=M", 400},
	} {
		rec := httptest.NewRecorder()
		serveQR(rec, httptest.NewRequest("GET", "/sim/qr.png"+tc.query, nil))
		if rec.Code != tc.code {
			t.Errorf("%s: %d", tc.query, rec.Code)
			continue
		}
		if tc.code == http.StatusOK {
			img, err := png.Decode(bytes.NewReader(rec.Body.Bytes()))
			if err != nil || img.Bounds().Dx() < 21*4 {
				t.Errorf("%s: not a QR PNG: %v", tc.query, err)
			}
		}
	}
}

// TestSimPageFaults: the /sim/ page pulls and replugs a keypad's and an LED
// bus's cable and makes a printer withhold its acknowledgement; each shows
// in the device states as the real fault would.
func TestSimPageFaults(t *testing.T) {
	e := newEngine(t)
	cfg := Config{
		Keypads:  []Keypad{{ID: "kp3", Window: 3, Transport: Sim}},
		LEDBuses: []LEDBus{{ID: "bus0", Transport: Sim, Baud: 9600, Boards: []LEDBoard{{Address: 3, Protocol: "bx5k", Window: 3}}}},
		Printers: []Printer{{ID: "p1", Kiosk: "1", Transport: Sim}},
	}
	if err := cfg.Validate(hall.Demo()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	sub := e.Subscribe(0)
	defer sub.Close()
	q, err := Start(ctx, e, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	q.RegisterSim(mux)
	post := func(path, body string) {
		t.Helper()
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest("POST", path, strings.NewReader(body)))
		if rec.Code != http.StatusNoContent {
			t.Fatalf("%s %s: %d %s", path, body, rec.Code, rec.Body)
		}
	}
	// await waits for device id to reach state.
	await := func(id, state string) queue.DeviceState {
		t.Helper()
		for {
			ev, err := sub.Next(ctx)
			if err != nil {
				t.Fatalf("%s never %s: %v", id, state, err)
			}
			if d, _ := ev.Decode(); ev.Type == queue.EvDevice && d.Device.ID == id && d.Device.State == state {
				return *d.Device
			}
		}
	}
	await("kp3", queue.DeviceOK)
	post("/sim/keypads/kp3/line", `{"pulled":true}`)
	if d := await("kp3", queue.DeviceOffline); !strings.Contains(d.Detail, "评价器通信中断") {
		t.Errorf("keypad detail %q", d.Detail)
	}
	post("/sim/keypads/kp3/line", `{"pulled":false}`)
	await("kp3", queue.DeviceOK)

	post("/sim/buses/bus0", `{"pulled":true}`)
	q.showWindow(queue.WindowView{Number: 3, State: queue.WindowOpen}, true) // something to send
	await("bus0", queue.DeviceOffline)
	await("bus0/3", queue.DeviceOffline)
	post("/sim/buses/bus0", `{"pulled":false}`)
	await("bus0", queue.DeviceOK)

	post("/sim/printers/p1", `{"paper":"ok","withhold_ack":true}`)
	if st := q.simState(); len(st.Printers) != 1 || !st.Printers[0].Fault.WithholdAck || !q.printers[0].sim.State().Stalled {
		t.Errorf("printer fault %+v", st.Printers)
	}
}
