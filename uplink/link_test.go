package uplink_test

import (
	"testing"
	"time"

	"halld/uplink"
)

const hallA, hallB = "330106001000-01", "330106002000-01"

func waitState(t *testing.T, h *testHall, state string) {
	t.Helper()
	eventually(t, 60*time.Second, "link state "+state, func() bool { return h.link.Status().State == state })
}

// A busy day reaches the centre whole: the server stopped while the hall
// works on, then killed mid-stream; after each restart the stream holds
// every event exactly once and in order.
func TestBusyDayAcrossStopAndKill(t *testing.T) {
	c := newCentre(t, hallA)
	h := openHall(t, hallA, "")
	h.start(c.config(hallA))
	waitState(t, h, uplink.StateConnected)

	h.work(500)
	c.caughtUp(h)

	c.srv.Stop() // the WAN is down: the hall works on
	waitState(t, h, uplink.StateConnecting)
	h.work(500)
	c.srv.Restart()
	c.connect()
	c.caughtUp(h)
	c.sameAsLog(h)

	// Killed mid-stream: the hall keeps working while the link publishes.
	working := make(chan struct{})
	go func() {
		defer close(working)
		h.work(600)
	}()
	before := h.link.Status().Published
	eventually(t, 60*time.Second, "publishing", func() bool { return h.link.Status().Published > before })
	c.srv.Kill()
	<-working
	c.srv.Restart()
	c.connect()
	c.caughtUp(h)
	c.sameAsLog(h)
	if s := h.link.Status(); s.State != uplink.StateConnected || s.Lag != 0 {
		t.Errorf("status after catching up: %+v", s)
	}
}
