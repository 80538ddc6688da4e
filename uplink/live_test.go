package uplink_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nats-io/nkeys"

	"halld/hallnet"
	"halld/queue"
	"halld/queue/hall"
	"halld/uplink"
)

// The live record carries the hall's open 超时预警 count when the link is
// given one, and leaves the field out otherwise (what an older halld
// sends, and what the centre reads as "not reported").
func TestLiveRecordOpenAlerts(t *testing.T) {
	e, err := queue.Open(filepath.Join(t.TempDir(), "halld.db"), hall.Demo(), queue.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	kp, _ := nkeys.CreateUser()
	seed, _ := kp.Seed()
	cred := filepath.Join(t.TempDir(), "hall.nk")
	if err := os.WriteFile(cred, seed, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := uplink.Config{Servers: []string{"nats://127.0.0.1:4222"}, Hall: "330106001000-01", Credentials: cred}
	for _, c := range []struct {
		count func() int
		want  string
	}{
		{nil, ""},
		{func() int { return 0 }, `"open_alerts":0`},
		{func() int { return 3 }, `"open_alerts":3`},
	} {
		l, err := uplink.New(e, cfg, uplink.Options{OpenAlerts: c.count})
		if err != nil {
			t.Fatal(err)
		}
		rec, err := l.Live()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(rec)
		if c.want == "" && strings.Contains(string(b), "open_alerts") || c.want != "" && !strings.Contains(string(b), c.want) {
			t.Errorf("live record %s, want %q", b, c.want)
		}
		var back hallnet.Live
		if err := json.Unmarshal(b, &back); err != nil || (back.OpenAlerts == nil) != (c.count == nil) {
			t.Errorf("decoded %+v %v", back.OpenAlerts, err)
		}
	}
}
