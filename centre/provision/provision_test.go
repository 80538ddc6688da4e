package provision_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"

	"halld/centre/provision"
	"halld/centre/store"
	"halld/hallnet"
	"halld/internal/natstest"
	"halld/internal/pgtest"
)

const (
	hallA = "330106001000-01"
	hallB = "330106001000-02"
)

// hallConn connects as a hall does: its seed and its own inbox prefix.
func hallConn(url, seed, hall string, errs chan<- error) (*nats.Conn, error) {
	opt, err := nats.NkeyOptionFromSeed(seed)
	if err != nil {
		return nil, err
	}
	return nats.Connect(url, opt, nats.CustomInboxPrefix(hallnet.InboxPrefix(hall)), nats.NoReconnect(),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
			select {
			case errs <- err:
			default:
			}
		}))
}

// until polls f (the server reloads asynchronously after the SIGHUP).
func until(t *testing.T, what string, f func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !f() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 20 s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestHallCredentialsAndRevocation(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	centreSeed := filepath.Join(dir, "centre.nk")
	pub, err := provision.CentreKey(centreSeed)
	if err != nil {
		t.Fatal(err)
	}
	pid := filepath.Join(dir, "nats.pid")
	ns := natstest.Start(t, natstest.Options{
		Config:      "include auth.conf\npid_file: \"" + pid + "\"\n",
		ConfigFiles: map[string]string{"auth.conf": string(provision.AuthConfig(pub, nil))},
	})
	if _, err := nats.Connect(ns.URL); err == nil {
		t.Fatal("an anonymous client was let in")
	}
	centreOpt, _ := nats.NkeyOptionFromSeed(centreSeed)
	nc, err := nats.Connect(ns.URL, centreOpt)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	if err := provision.EnsureBuckets(ctx, js, 1); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, pgtest.Start(t).DSN, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p := &provision.Provisioner{Store: st, JS: js, CentreSeed: centreSeed, AuthFile: filepath.Join(ns.Dir, "auth.conf"),
		PidFile: pid, SeedDir: filepath.Join(dir, "seeds"), Replicas: 1, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	seedA, err := p.Add(ctx, hallA, "甲大厅")
	if err != nil {
		t.Fatal(err)
	}
	seedB, err := p.Add(ctx, hallB, "乙大厅")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Add(ctx, hallA, "甲大厅"); !errors.Is(err, store.ErrHallExists) {
		t.Fatalf("second add: %v", err)
	}
	if _, err := p.Add(ctx, "33010600100-01", "x"); !errors.Is(err, hallnet.ErrHallID) {
		t.Fatalf("bad id: %v", err)
	}

	errs := make(chan error, 10)
	var a *nats.Conn
	until(t, "hall A let in after the reload", func() bool {
		a, err = hallConn(ns.URL, seedA, hallA, errs)
		return err == nil
	})
	defer a.Close()
	ajs, _ := jetstream.New(a)
	m := nats.NewMsg(hallnet.EventsSubject(hallA))
	m.Data = []byte(`{"seq":1,"type":"ticket.issued","at":"2026-12-01T09:00:00+08:00","data":{}}`)
	if _, err := ajs.PublishMsg(ctx, m, jetstream.WithMsgID(hallnet.MsgID(hallA, 1, 1))); err != nil {
		t.Fatalf("hall A publishing its own events: %v", err)
	}
	// A on B's subject: the server refuses it and says so.
	if err := a.Publish(hallnet.EventsSubject(hallB), []byte("forged")); err != nil {
		t.Fatal(err)
	}
	a.Flush()
	select {
	case err := <-errs:
		if !errors.Is(err, nats.ErrPermissionViolation) || !strings.Contains(err.Error(), hallnet.EventsSubject(hallB)) {
			t.Fatalf("async error %v, want a permissions violation on B's subject", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no permissions violation for A publishing as B")
	}
	// A writing B's live record: refused too.
	kv, err := ajs.KeyValue(ctx, hallnet.LiveBucket)
	if err != nil {
		t.Fatalf("hall A opening the live bucket: %v", err)
	}
	if _, err := kv.Put(ctx, hallA, []byte(`{}`)); err != nil {
		t.Fatalf("hall A writing its own live record: %v", err)
	}
	pctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if _, err := kv.Put(pctx, hallB, []byte(`{}`)); err == nil {
		t.Fatal("hall A wrote hall B's live record")
	}
	ckv, _ := js.KeyValue(ctx, hallnet.LiveBucket) // the centre reads the bucket
	if e, err := ckv.Get(ctx, hallB); !errors.Is(err, jetstream.ErrKeyNotFound) {
		t.Fatalf("B's live record: %v %v", e, err)
	}
	if e, err := ckv.Get(ctx, hallA); err != nil || string(e.Value()) != "{}" {
		t.Fatalf("A's live record: %v %v", e, err)
	}
	sb, _ := js.Stream(ctx, hallnet.StreamName(hallB))
	if info, _ := sb.Info(ctx); info.State.Msgs != 0 {
		t.Fatalf("B's stream holds %d messages", info.State.Msgs)
	}
	// A forged key (not registered) is refused.
	kp, _ := nkeys.CreateUser()
	forged, _ := kp.Seed()
	forgedFile := filepath.Join(dir, "forged.nk")
	writeSeed(t, forgedFile, forged)
	if c, err := hallConn(ns.URL, forgedFile, hallA, errs); err == nil {
		c.Close()
		t.Fatal("a forged credential was let in")
	}
	// Revoked: A is refused from the reload on; B still works.
	if err := p.Revoke(ctx, hallA); err != nil {
		t.Fatal(err)
	}
	until(t, "hall A refused after revocation", func() bool {
		c, err := hallConn(ns.URL, seedA, hallA, errs)
		if err == nil {
			c.Close()
			return false
		}
		return errors.Is(err, nats.ErrAuthorization) || strings.Contains(strings.ToLower(err.Error()), "authorization")
	})
	until(t, "A's open connection closed", func() bool { return !a.IsConnected() })
	b, err := hallConn(ns.URL, seedB, hallB, errs)
	if err != nil {
		t.Fatalf("hall B after A's revocation: %v", err)
	}
	b.Close()
}
