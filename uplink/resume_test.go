package uplink_test

import (
	"testing"
	"time"

	"halld/hallnet"
	"halld/queue"
	"halld/uplink"
)

// A hall restarted (engine closed and reopened), once in the middle of a
// catch-up, resumes from what the stream holds: no duplicate, no gap.
func TestHallRestartResumes(t *testing.T) {
	c := newCentre(t, hallA)
	h := openHall(t, hallA, "")
	h.work(200) // a morning with the link not yet configured
	h.start(c.config(hallA))
	eventually(t, 60*time.Second, "publishing", func() bool { return h.link.Status().Published > 0 })
	h.close() // mid catch-up, as halld stopping

	h = openHall(t, hallA, h.path)
	h.work(100)
	h.start(c.config(hallA))
	c.caughtUp(h)
	h.close()

	h = openHall(t, hallA, h.path)
	h.start(c.config(hallA))
	h.work(100)
	c.caughtUp(h)
	c.sameAsLog(h)
}

// A hall whose log is behind its stream (restored from an older backup)
// stops publishing and says so, rather than publish conflicting events.
func TestRestoredHallDiverges(t *testing.T) {
	c := newCentre(t, hallA)
	h := openHall(t, hallA, "")
	h.start(c.config(hallA))
	h.work(50)
	c.caughtUp(h)
	held, _ := c.lastPublished(hallA)
	h.close()

	old := openHall(t, hallA, "") // an older copy of the hall: fewer events
	old.work(3)
	old.start(c.config(hallA))
	waitState(t, old, uplink.StateDiverged)
	old.work(3) // the hall works on regardless
	var dev queue.DeviceState
	for _, d := range old.e.Devices() {
		if d.ID == uplink.DeviceID {
			dev = d
		}
	}
	if dev.State != uplink.StateDiverged || dev.Kind != uplink.DeviceKind {
		t.Errorf("the link's device record: %+v, want kind %s state %s", dev, uplink.DeviceKind, uplink.StateDiverged)
	}
	if n, err := c.lastPublished(hallA); err != nil || n != held {
		t.Errorf("stream now ends at event %d (%v), want %d unchanged", n, err, held)
	}
	if len(c.batches(hallA)) == 0 {
		t.Fatal("stream empty")
	}
}

// A centre without its buckets yet still receives the events: the live
// record and the shared settings wait for the buckets, publishing does not.
func TestEventsWithoutBuckets(t *testing.T) {
	c := newCentre(t, hallA)
	ctx := c.ctx()
	for _, b := range []string{hallnet.LiveBucket, hallnet.SharedBucket} {
		if err := c.js.DeleteKeyValue(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	h := openHall(t, hallA, "")
	h.start(c.config(hallA))
	h.work(20)
	c.caughtUp(h)
	c.sameAsLog(h)
}
