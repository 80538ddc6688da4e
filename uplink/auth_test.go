package uplink_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"

	"halld/hallnet"
	"halld/uplink"
)

// A hall with another hall's credential, or a forged one, is refused and
// stores nothing; a hall's own credential reaches none of another hall's
// subjects.
func TestOtherOrForgedCredentialRefused(t *testing.T) {
	c := newCentre(t, hallA, hallB)

	// Hall B's credential claiming to be hall A.
	h := openHall(t, hallA, "")
	h.work(5)
	cfg := c.config(hallA)
	cfg.Credentials = c.seeds[hallB]
	h.start(cfg)
	waitState(t, h, uplink.StateRefused)
	h.stop()

	// A seed the centre never issued.
	kp, _ := nkeys.CreateUser()
	seed, _ := kp.Seed()
	forged := filepath.Join(t.TempDir(), "forged.nk")
	if err := os.WriteFile(forged, seed, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg.Credentials = forged
	h.start(cfg)
	waitState(t, h, uplink.StateRefused)
	if s := h.link.Status(); !strings.Contains(s.LastError, "uthorization") {
		t.Errorf("forged credential: last error %q, want the server's authorization violation", s.LastError)
	}
	h.stop()
	if n, err := c.lastPublished(hallA); err != nil || n != 0 {
		t.Fatalf("hall A's stream holds up to event %d (%v), want nothing", n, err)
	}

	// Hall B's own connection, used directly against hall A's subjects:
	// every attempt is refused (the server's violation, or the request
	// unanswered).
	violations := make(chan error, 16)
	nc, err := nats.Connect(c.srv.URL, mustSeed(t, c.seeds[hallB]), nats.CustomInboxPrefix(hallnet.InboxPrefix(hallB)),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) { violations <- err }))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	refused := func(what string, f func(ctx context.Context) error) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if err := f(ctx); err == nil {
			t.Errorf("hall B could %s", what)
		}
	}
	refused("publish on hall A's subject", func(ctx context.Context) error {
		_, err := js.Publish(ctx, hallnet.EventsSubject(hallA), []byte(`{"seq":1}`))
		return err
	})
	refused("read hall A's stream", func(ctx context.Context) error {
		_, err := js.Stream(ctx, hallnet.StreamName(hallA))
		return err
	})
	refused("write hall A's live record", func(ctx context.Context) error {
		kv, err := js.KeyValue(ctx, hallnet.LiveBucket)
		if err != nil {
			t.Fatal(err) // its own live key needs the bucket
		}
		_, err = kv.Put(ctx, hallA, []byte(`{}`))
		return err
	})
	refused("watch hall A's shared keys", func(ctx context.Context) error {
		kv, err := js.KeyValue(ctx, hallnet.SharedBucket)
		if err != nil {
			t.Fatal(err)
		}
		w, err := kv.Watch(ctx, hallnet.SharedKey(hallA, ">"))
		if err == nil {
			w.Stop()
		}
		return err
	})
	refused("subscribe to hall A's events", func(ctx context.Context) error {
		if _, err := nc.SubscribeSync(hallnet.EventsSubject(hallA)); err != nil {
			return err
		}
		nc.Flush()
		for {
			select {
			case err := <-violations: // the earlier checks' too: wait for this one's
				if strings.Contains(err.Error(), "Subscription to \""+hallnet.EventsSubject(hallA)) {
					return err
				}
			case <-ctx.Done():
				return nil
			}
		}
	})
	if n, err := c.lastPublished(hallA); err != nil || n != 0 {
		t.Fatalf("hall A's stream holds up to event %d (%v), want nothing", n, err)
	}
}

func mustSeed(t *testing.T, file string) nats.Option {
	opt, err := nats.NkeyOptionFromSeed(file)
	if err != nil {
		t.Fatal(err)
	}
	return opt
}
