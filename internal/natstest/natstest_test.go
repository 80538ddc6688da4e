package natstest_test

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"halld/internal/natstest"
)

// A message acknowledged by JetStream survives a SIGKILL of the server.
func TestKillKeepsAcknowledged(t *testing.T) {
	s := natstest.Start(t, natstest.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	publish := func() {
		nc, err := nats.Connect(s.URL)
		if err != nil {
			t.Fatal(err)
		}
		defer nc.Close()
		js, _ := jetstream.New(nc)
		if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "T", Subjects: []string{"t.>"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := js.Publish(ctx, "t.a", []byte("kept")); err != nil {
			t.Fatal(err)
		}
	}
	publish()
	s.Kill()
	s.Restart()

	nc, err := nats.Connect(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	st, err := js.Stream(ctx, "T")
	if err != nil {
		t.Fatal(err)
	}
	m, err := st.GetLastMsgForSubject(ctx, "t.a")
	if err != nil {
		t.Fatal(err)
	}
	if string(m.Data) != "kept" {
		t.Fatalf("after kill: %q, want kept", m.Data)
	}
}

// A three-node cluster keeps a replicated stream writable with one node dead.
func TestClusterSurvivesOneNode(t *testing.T) {
	nodes := natstest.Cluster(t, 3, natstest.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	nc, err := nats.Connect(nodes[0].URL + "," + nodes[1].URL + "," + nodes[2].URL)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	st, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "R", Subjects: []string{"r.>"}, Replicas: 3})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := js.Publish(ctx, "r.a", []byte("1")); err != nil {
		t.Fatal(err)
	}
	nodes[2].Kill()
	// The stream's leader may have been the dead node: the publish is
	// retried, each try bounded, until the survivors elect a new one.
	for {
		try, cancelTry := context.WithTimeout(ctx, 2*time.Second)
		_, err := js.Publish(try, "r.a", []byte("2"))
		cancelTry()
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("publish with one node dead: %v", err)
		}
	}
	info, err := st.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.State.Msgs != 2 {
		t.Fatalf("stream holds %d messages, want 2", info.State.Msgs)
	}
}
