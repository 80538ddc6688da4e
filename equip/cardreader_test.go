package equip

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"halld/queue"
	"halld/queue/hall"
)

func TestCardReaderConfig(t *testing.T) {
	tests := []struct {
		name string
		r    []CardReader
		want string
	}{
		{"no id", []CardReader{{Transport: Sim}}, "card_reader[0].id"},
		{"twice", []CardReader{{ID: "r", Transport: Sim}, {ID: "r", Transport: Sim}}, "card_reader[1].id"},
		{"transport", []CardReader{{ID: "r", Transport: "serial"}}, "card_reader[0].transport"},
		{"path", []CardReader{{ID: "r", Transport: "evdev"}}, "card_reader[0].path"},
		{"location", []CardReader{{ID: "r", Transport: Sim, Location: " 门口"}}, "card_reader[0].location"},
	}
	for _, tc := range tests {
		c := Config{CardReaders: tc.r}
		if err := c.Validate(hall.Demo()); !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want one naming %s", tc.name, err, tc.want)
		}
	}
	board := Config{CardReaders: []CardReader{{ID: "door", Transport: Sim}}}
	if err := board.Validate(nil); !errors.Is(err, ErrConfig) {
		t.Errorf("a card reader on a board: %v", err)
	}
	c := Config{CardReaders: []CardReader{{ID: "door", Transport: Sim}}}
	if err := c.Validate(hall.Demo()); err != nil || c.CardReaders[0].Location != "大厅入口" || c.Locations()["door"] != "大厅入口" {
		t.Errorf("defaults: %+v %v", c.CardReaders, err)
	}
}

// A swipe on the simulated reader (/sim/) is typed as a USB keyboard's
// events, decoded by the real card decoder and handed to the puncher; a
// reader that is not plugged in reports offline.
func TestCardReaderSwipe(t *testing.T) {
	e := newEngine(t)
	cfg := Config{CardReaders: []CardReader{
		{ID: "door", Transport: Sim},
		{ID: "usb", Transport: "evdev", Path: filepath.Join(t.TempDir(), "usb-reader-event-kbd")},
	}}
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
	punched := make(chan [2]string, 4)
	release := make(chan struct{})
	q.StartCardReaders(ctx, func(card, device string) error {
		punched <- [2]string{card, device}
		if card == "0007654321" {
			<-release // holds the decoder until the test has looked
		}
		if card == "99999999" {
			return errors.New("unknown_card: 此卡未登记")
		}
		return nil
	})
	mux := http.NewServeMux()
	q.RegisterSim(mux)
	swipe := func(body string, want int) {
		t.Helper()
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest("POST", "/sim/card_readers/door", strings.NewReader(body)))
		if rec.Code != want {
			t.Fatalf("swipe %s: %d %s", body, rec.Code, rec.Body)
		}
	}
	swipe(`{"card":"0001234567"}`, http.StatusNoContent)
	select {
	case p := <-punched:
		if p != [2]string{"0001234567", "door"} {
			t.Fatalf("punched %v", p)
		}
	case <-ctx.Done():
		t.Fatal("no punch")
	}
	swipe(`{"card":"99999999"}`, http.StatusNoContent)
	<-punched
	swipe(`{"card":"12-34"}`, http.StatusBadRequest)
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("POST", "/sim/card_readers/nope", strings.NewReader(`{"card":"1234"}`)))
	if rec.Code != http.StatusNotFound {
		t.Errorf("unknown reader: %d", rec.Code)
	}
	// The outcome shows on /sim/, the card masked: once the next swipe
	// reaches the puncher, the decoder's goroutine has settled this one.
	done := make(chan struct{})
	go func() { defer close(done); swipe(`{"card":"0007654321"}`, http.StatusNoContent) }()
	<-punched
	if st := q.simState(); len(st.CardReaders) != 1 || st.CardReaders[0].Last != "****9999 unknown_card: 此卡未登记" {
		t.Errorf("sim state %+v", st.CardReaders)
	}
	close(release)
	<-done
	seen := map[string]string{}
	for seen["door"] != queue.DeviceOK || seen["usb"] != queue.DeviceOffline {
		ev, err := sub.Next(ctx)
		if err != nil {
			t.Fatalf("device states %v: %v", seen, err)
		}
		if d, _ := ev.Decode(); ev.Type == queue.EvDevice {
			seen[d.Device.ID] = d.Device.State
			if d.Device.ID == "usb" && d.Device.State == queue.DeviceOffline && !strings.Contains(d.Device.Detail, "考勤读卡器无法打开") {
				t.Errorf("detail %q", d.Device.Detail)
			}
		}
	}
}
