package uplink_test

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
)

// testCentre is the centre's side as these tests need it: a nats-server
// whose authorization gives each provisioned hall an nkey with exactly
// hallnet.Permissions, an unrestricted "centre" user, and per hall the
// stream the centre would create. (The centre's own provisioning is built
// elsewhere; this is the least a hall needs to meet.)
type testCentre struct {
	t     *testing.T
	srv   *natstest.Server
	seeds map[string]string // hall → seed file
	nc    *nats.Conn
	js    jetstream.JetStream
	ca    string // the CA file of the server's TLS certificate ("" = plain)
}

const centrePassword = "centre-test-password"

// newCentre starts a server for the halls (each given an nkey).
func newCentre(t *testing.T, halls ...string) *testCentre {
	t.Helper()
	return newCentreTLS(t, "", "", halls...)
}

// newCentreTLS is newCentre with TLS required when tlsConf (a tls block)
// is set; ca is the CA file clients trust.
func newCentreTLS(t *testing.T, tlsConf, ca string, halls ...string) *testCentre {
	t.Helper()
	c := &testCentre{t: t, seeds: map[string]string{}, ca: ca}
	dir := t.TempDir()
	var users []string
	for _, h := range halls {
		kp, err := nkeys.CreateUser()
		if err != nil {
			t.Fatal(err)
		}
		pub, _ := kp.PublicKey()
		seed, _ := kp.Seed()
		file := filepath.Join(dir, h+".nk")
		if err := os.WriteFile(file, seed, 0o600); err != nil {
			t.Fatal(err)
		}
		c.seeds[h] = file
		pubs, subs := hallnet.Permissions(h)
		users = append(users, fmt.Sprintf("    { nkey: %s, permissions: { publish: { allow: %s }, subscribe: { allow: %s } } }",
			pub, quoteList(pubs), quoteList(subs)))
	}
	users = append(users, fmt.Sprintf("    { user: centre, password: %q }", centrePassword))
	conf := "authorization {\n  users = [\n" + strings.Join(users, "\n") + "\n  ]\n}\n" + tlsConf
	c.srv = natstest.Start(t, natstest.Options{Config: conf})
	c.connect()
	for _, h := range halls {
		c.provision(h)
	}
	t.Cleanup(func() { c.nc.Close() })
	return c
}

func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// connect (re)connects the centre's own client, after a restart too.
func (c *testCentre) connect() {
	c.t.Helper()
	if c.nc != nil {
		c.nc.Close()
	}
	opts := []nats.Option{nats.UserInfo("centre", centrePassword), nats.MaxReconnects(-1), nats.ReconnectWait(20 * time.Millisecond)}
	if c.ca != "" {
		opts = append(opts, nats.RootCAs(c.ca))
	}
	nc, err := nats.Connect(c.srv.URL, opts...)
	if err != nil {
		c.t.Fatal(err)
	}
	c.nc = nc
	c.js, _ = jetstream.New(nc)
}

func (c *testCentre) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	c.t.Cleanup(cancel)
	return ctx
}

// provision creates what the centre creates for a hall: its stream and
// the two buckets (once).
func (c *testCentre) provision(hall string) {
	c.t.Helper()
	ctx := c.ctx()
	if _, err := c.js.CreateStream(ctx, jetstream.StreamConfig{
		Name: hallnet.StreamName(hall), Subjects: []string{hallnet.EventsSubject(hall)},
		Storage: jetstream.FileStorage, Duplicates: 2 * time.Minute, MaxMsgSize: 1 << 20,
	}); err != nil {
		c.t.Fatal(err)
	}
	for _, b := range []string{hallnet.LiveBucket, hallnet.SharedBucket} {
		if _, err := c.js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: b, History: 1, Storage: jetstream.FileStorage}); err != nil {
			c.t.Fatal(err)
		}
	}
}

// batches reads every message of the hall's stream, in stream order.
func (c *testCentre) batches(hall string) []hallnet.Batch {
	c.t.Helper()
	ctx := c.ctx()
	st, err := c.js.Stream(ctx, hallnet.StreamName(hall))
	if err != nil {
		c.t.Fatal(err)
	}
	info, err := st.Info(ctx)
	if err != nil {
		c.t.Fatal(err)
	}
	var out []hallnet.Batch
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq && info.State.Msgs > 0; seq++ {
		m, err := st.GetMsg(ctx, seq)
		if err != nil {
			c.t.Fatalf("stream seq %d: %v", seq, err)
		}
		b, err := hallnet.DecodeBatch(m.Header.Get(hallnet.HeaderSchema), m.Header.Get(hallnet.HeaderFirst), m.Header.Get(hallnet.HeaderLast), m.Data)
		if err != nil {
			c.t.Fatalf("stream seq %d: %v", seq, err)
		}
		if id := m.Header.Get(jetstream.MsgIDHeader); id != hallnet.MsgID(hall, b.First, b.Last) {
			c.t.Fatalf("stream seq %d: Nats-Msg-Id %q", seq, id)
		}
		out = append(out, b)
	}
	return out
}

// lastPublished is Halld-Last of the stream's last batch (0 when empty).
func (c *testCentre) lastPublished(hall string) (uint64, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	st, err := c.js.Stream(ctx, hallnet.StreamName(hall))
	if err != nil {
		return 0, err
	}
	m, err := st.GetLastMsgForSubject(ctx, hallnet.EventsSubject(hall))
	if err != nil {
		if err == jetstream.ErrMsgNotFound {
			return 0, nil
		}
		return 0, err
	}
	var n uint64
	_, err = fmt.Sscan(m.Header.Get(hallnet.HeaderLast), &n)
	return n, err
}

// eventually polls cond (external state: a server, a link) every 20 ms
// for at most d.
func eventually(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %v: %s", d, what)
		}
		<-tick.C
	}
}
