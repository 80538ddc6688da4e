package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"

	"halld/hallnet"
	"halld/internal/natstest"
	"halld/uplink"
)

// testCentre is a nats-server provisioned for one hall as the centre does
// (the hall's nkey under hallnet.Permissions, its stream and the buckets),
// and a hall file joining it.
type testCentre struct {
	srv    *natstest.Server
	js     jetstream.JetStream
	stream jetstream.Stream
	conf   string // the hall file, with its [centre] table
}

func newTestCentre(t *testing.T, id string) *testCentre {
	t.Helper()
	dir := t.TempDir()
	kp, _ := nkeys.CreateUser()
	pub, _ := kp.PublicKey()
	seed, _ := kp.Seed()
	seedFile := filepath.Join(dir, "hall.nk")
	if err := os.WriteFile(seedFile, seed, 0o600); err != nil {
		t.Fatal(err)
	}
	pubs, subs := hallnet.Permissions(id)
	q := func(l []string) string { return `["` + strings.Join(l, `", "`) + `"]` }
	srv := natstest.Start(t, natstest.Options{Config: fmt.Sprintf(`authorization { users = [
  { nkey: %s, permissions: { publish: { allow: %s }, subscribe: { allow: %s } } }
  { user: centre, password: pw }
] }`, pub, q(pubs), q(subs))})
	nc, err := nats.Connect(srv.URL, nats.UserInfo("centre", "pw"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, _ := jetstream.New(nc)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	st, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: hallnet.StreamName(id), Subjects: []string{hallnet.EventsSubject(id)}})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []string{hallnet.LiveBucket, hallnet.SharedBucket} {
		if _, err := js.CreateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: b}); err != nil {
			t.Fatal(err)
		}
	}
	conf := filepath.Join(dir, "hall.toml")
	toml := ownDemoTOML(t) + fmt.Sprintf("\n[centre]\nservers = [%q]\nhall = %q\ncredentials = %q\n", srv.URL, id, seedFile)
	if err := os.WriteFile(conf, []byte(toml), 0o600); err != nil {
		t.Fatal(err)
	}
	return &testCentre{srv: srv, js: js, stream: st, conf: conf}
}

// halld with a [centre] table publishes to the centre (a real nats-server,
// the hall under its hallnet.Permissions) and shows the link among its
// devices, with its figures.
func TestCentreLinkAmongDevices(t *testing.T) {
	const id = "330106001000-01"
	c := newTestCentre(t, id)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	conf, st := c.conf, c.stream
	d := startDaemon(t, "-config", conf)
	if st, _ := d.post(t, "/api/v1/tickets", "", `{"service":"estate"}`); st != 201 && st != 200 {
		t.Fatalf("issue: %d", st)
	}
	deadline := time.Now().Add(60 * time.Second)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		var list []struct {
			ID, Kind, State string
			Link            *uplink.Status
		}
		d.get(t, "/api/v1/devices", &list)
		var link *uplink.Status
		for _, dev := range list {
			if dev.ID == uplink.DeviceID && dev.Kind == uplink.DeviceKind {
				link = dev.Link
			}
		}
		if link != nil && link.State == uplink.StateConnected && link.Published > 0 && link.Lag == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("devices %+v: no connected centre link with nothing left to send", list)
		}
		<-tick.C
	}
	info, err := st.Info(ctx)
	if err != nil || info.State.Msgs == 0 {
		t.Fatalf("stream %+v (%v): nothing published", info, err)
	}
	// The live record counts the daemon's open 超时预警 (its alerts
	// monitor is wired to the link).
	kv, err := c.js.KeyValue(ctx, hallnet.LiveBucket)
	if err != nil {
		t.Fatal(err)
	}
	for {
		e, err := kv.Get(ctx, id)
		if err == nil && strings.Contains(string(e.Value()), `"open_alerts":`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("live record without open_alerts: %v", err)
		}
		<-tick.C
	}
}

// A [centre] table with a mistake stops halld at start, naming the field.
func TestCentreConfigRefused(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct{ table, field string }{
		{"servers = [\"nats://127.0.0.1:4222\"]\nhall = \"33-01\"\ncredentials = \"x\"\n", "centre.hall"},
		{"servers = [\"nats://127.0.0.1:4222\"]\nhall = \"330106001000-01\"\ncredentials = \"x\"\nport = 1\n", "centre.port"},
	} {
		conf := filepath.Join(dir, "hall.toml")
		os.WriteFile(conf, []byte(ownDemoTOML(t)+"\n[centre]\n"+tt.table), 0o600)
		err := run(context.Background(), []string{"-config", conf, "-data", filepath.Join(dir, "data"), "-listen", "127.0.0.1:0"}, nil, nil, nil)
		if err == nil || !strings.Contains(err.Error(), tt.field) {
			t.Errorf("run with [centre] %q: %v, want an error naming %s", tt.table, err, tt.field)
		}
	}
}
