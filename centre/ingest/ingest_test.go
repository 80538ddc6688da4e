package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"halld/centre/ingest"
	"halld/centre/provision"
	"halld/centre/sampleday"
	"halld/centre/store"
	"halld/hallnet"
	"halld/internal/natstest"
	"halld/internal/pgtest"
	"halld/queue"
)

const hallA = "330106001000-01"

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

type rig struct {
	t   *testing.T
	pg  *pgtest.Server
	ns  *natstest.Server
	st  *store.Store
	js  jetstream.JetStream
	ctx context.Context
}

func newRig(t *testing.T) *rig {
	t.Helper()
	r := &rig{t: t, pg: pgtest.Start(t), ns: natstest.Start(t, natstest.Options{}), ctx: context.Background()}
	var err error
	if r.st, err = store.Open(r.ctx, r.pg.DSN, quiet); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.st.Close)
	nc, err := nats.Connect(r.ns.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	if r.js, err = jetstream.New(nc); err != nil {
		t.Fatal(err)
	}
	if err := r.st.AddHall(r.ctx, hallA, "样例大厅", "UKEY", time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := provision.EnsureStream(r.ctx, r.js, hallA, 1, 0); err != nil {
		t.Fatal(err)
	}
	if err := provision.EnsureBuckets(r.ctx, r.js, 1); err != nil {
		t.Fatal(err)
	}
	return r
}

// publish sends a batch as a hall does: its subject, headers and msg id.
func (r *rig) publish(b hallnet.Batch, msgID string) {
	r.t.Helper()
	m := nats.NewMsg(hallnet.EventsSubject(hallA))
	m.Data = b.Encode()
	for k, v := range b.Headers() {
		m.Header.Set(k, v)
	}
	if _, err := r.js.PublishMsg(r.ctx, m, jetstream.WithMsgID(msgID)); err != nil {
		r.t.Fatal(err)
	}
}

// run starts an ingest in this process until the test ends.
func (r *rig) run(o ingest.Options) *ingest.Ingest {
	ctx, cancel := context.WithCancel(r.ctx)
	in := ingest.New(r.js, r.st, quiet, o)
	done := make(chan struct{})
	go func() { in.Run(ctx); close(done) }()
	r.t.Cleanup(func() { cancel(); <-done })
	return in
}

// waitCursor polls the database (another goroutine or process writes it)
// until the hall's cursor reaches want.
func (r *rig) waitCursor(want uint64) {
	r.t.Helper()
	deadline := time.Now().Add(120 * time.Second)
	for {
		cur, err := r.st.Cursor(r.ctx, hallA)
		if err == nil && cur == want {
			return
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("cursor %d (%v), want %d within 120 s", cur, err, want)
		}
		time.Sleep(20 * time.Millisecond) // polling another process's writes
	}
}

// checkExactlyOnce asserts the database holds events 1..n, each once, as
// published (type and time), and the sample's three tickets once each.
func (r *rig) checkExactlyOnce(events []queue.Event) {
	r.t.Helper()
	c, err := pgx.Connect(r.ctx, r.pg.DSN)
	if err != nil {
		r.t.Fatal(err)
	}
	defer c.Close(r.ctx)
	rows, _ := c.Query(r.ctx, `SELECT seq, type, at FROM events WHERE hall = $1 ORDER BY seq`, hallA)
	var seq int64
	var typ string
	var at time.Time
	i := 0
	_, err = pgx.ForEachRow(rows, []any{&seq, &typ, &at}, func() error {
		if i >= len(events) {
			return fmt.Errorf("extra event %d", seq)
		}
		e := events[i]
		if uint64(seq) != e.Seq || typ != e.Type || !at.Equal(e.At) {
			return fmt.Errorf("row %d: seq %d %s %v, want %d %s %v", i, seq, typ, at, e.Seq, e.Type, e.At)
		}
		i++
		return nil
	})
	if err != nil || i != len(events) {
		r.t.Fatalf("events: %v (%d of %d)", err, i, len(events))
	}
	var tickets, evals int
	c.QueryRow(r.ctx, `SELECT (SELECT count(*) FROM tickets), (SELECT count(*) FROM evaluations)`).Scan(&tickets, &evals)
	if tickets != 3 || evals != 2 {
		r.t.Fatalf("tickets %d, evaluations %d; want 3 and 2", tickets, evals)
	}
}

func dayEvents(n int) []queue.Event {
	return append(sampleday.Events(), sampleday.Filler(16, n-15)...)
}

func TestIngestPublishedBatchesExactlyOnce(t *testing.T) {
	r := newRig(t)
	events := dayEvents(1000)
	bs := sampleday.Batches(events, 50)
	for i, b := range bs {
		r.publish(b, hallnet.MsgID(hallA, b.First, b.Last))
		if i == 3 { // the same batch again: JetStream drops it by its id
			r.publish(b, hallnet.MsgID(hallA, b.First, b.Last))
		}
	}
	// Republished across a boundary after the duplicate window (a new id):
	// the stream holds it twice, the centre stores it once.
	over := sampleday.Batches(events[120:180], 60)[0]
	r.publish(over, "late-republish")
	r.publish(bs[0], "late-republish-of-the-first")
	r.run(ingest.Options{Fetch: 7, MaxWait: 200 * time.Millisecond})
	r.waitCursor(1000)
	r.checkExactlyOnce(events)
}

func TestIngestRefusesAGapThenResumes(t *testing.T) {
	r := newRig(t)
	events := dayEvents(60)
	bs := sampleday.Batches(events, 20) // 1-20, 21-40, 41-60
	r.publish(bs[0], "a")
	r.publish(bs[2], "c") // 21-40 missing
	in := r.run(ingest.Options{Fetch: 5, MaxWait: 200 * time.Millisecond, Backoff: 300 * time.Millisecond})
	r.waitCursor(20)
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(in.Status()[hallA].Error, "gap") {
		if time.Now().After(deadline) {
			t.Fatalf("no gap reported: %+v", in.Status())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if cur, _ := r.st.Cursor(r.ctx, hallA); cur != 20 {
		t.Fatalf("cursor %d past a gap", cur)
	}
	r.publish(bs[1], "b")
	r.waitCursor(60)
	r.checkExactlyOnce(events)
}

// TestIngestSurvivesSIGKILL kills a centre process (this test binary run
// as TestIngestChild) mid-stream and starts another: every event ends up
// stored once, in order.
func TestIngestSurvivesSIGKILL(t *testing.T) {
	r := newRig(t)
	events := dayEvents(6000)
	for _, b := range sampleday.Batches(events, 10) {
		r.publish(b, hallnet.MsgID(hallA, b.First, b.Last))
	}
	child := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestIngestChild$")
		cmd.Env = append(os.Environ(), "HALLD_INGEST_CHILD=1", "HALLD_PG="+r.pg.DSN, "HALLD_NATS="+r.ns.URL)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	first := child()
	deadline := time.Now().Add(120 * time.Second)
	var cur uint64
	for cur < 1500 {
		if time.Now().After(deadline) {
			first.Process.Kill()
			first.Wait()
			t.Fatalf("child ingested %d in 120 s", cur)
		}
		time.Sleep(5 * time.Millisecond)
		cur, _ = r.st.Cursor(r.ctx, hallA)
	}
	first.Process.Signal(syscall.SIGKILL)
	first.Wait()
	cur, _ = r.st.Cursor(r.ctx, hallA)
	t.Logf("killed at cursor %d of %d", cur, len(events))
	if cur == uint64(len(events)) {
		t.Log("the child finished before the kill: the restart below is not mid-stream")
	}
	second := child()
	defer func() { second.Process.Kill(); second.Wait() }()
	r.waitCursor(uint64(len(events)))
	r.checkExactlyOnce(events)
}

// TestIngestChild is the centre process TestIngestSurvivesSIGKILL kills.
func TestIngestChild(t *testing.T) {
	if os.Getenv("HALLD_INGEST_CHILD") != "1" {
		t.Skip("run by TestIngestSurvivesSIGKILL")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, os.Getenv("HALLD_PG"), quiet)
	if err != nil {
		t.Fatal(err)
	}
	nc, err := nats.Connect(os.Getenv("HALLD_NATS"))
	if err != nil {
		t.Fatal(err)
	}
	js, _ := jetstream.New(nc)
	ingest.New(js, st, quiet, ingest.Options{Fetch: 3, MaxWait: 200 * time.Millisecond}).Run(ctx)
}

func TestLiveRecordsAreKept(t *testing.T) {
	r := newRig(t)
	in := r.run(ingest.Options{})
	kv, err := r.js.KeyValue(r.ctx, hallnet.LiveBucket)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, store.CST)
	put := func(l hallnet.Live) {
		b, _ := jsonMarshal(l)
		if _, err := kv.Put(r.ctx, l.Hall, b); err != nil {
			t.Fatal(err)
		}
	}
	// First a record of a hall not registered (ignored), then A's: the
	// watch delivers in order, so once A's is in, the other was refused.
	wrong := sampleday.Live(hallA, 10, at)
	wrong.Hall = "330106001000-09"
	put(wrong)
	put(sampleday.Live(hallA, 10, at))
	deadline := time.Now().Add(30 * time.Second)
	for {
		hs, err := r.st.LiveHalls(r.ctx)
		if _, inMemory := in.Live()[hallA]; inMemory && err == nil && len(hs) == 1 && hs[0].Live != nil && hs[0].Live.Seq == 10 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("live record not stored: %+v %v", hs, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if l := in.Live(); len(l) != 1 || l[hallA].WindowsOpen != 2 {
		t.Fatalf("live in memory: %+v", l)
	}
	// The services' departments come with it.
	c, _ := pgx.Connect(r.ctx, r.pg.DSN)
	defer c.Close(r.ctx)
	var dept string
	if err := c.QueryRow(r.ctx, `SELECT department FROM services WHERE hall = $1 AND id = 'S1'`, hallA).Scan(&dept); err != nil || dept != sampleday.DeptS1 {
		t.Fatalf("department %q %v", dept, err)
	}
	if errors.Is(err, pgx.ErrNoRows) {
		t.Fatal("no services")
	}
}
