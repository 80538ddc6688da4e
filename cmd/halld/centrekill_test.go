package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"halld/hallnet"
	"halld/queue"
	"halld/queue/hall"
	"halld/uplink"
)

// startChildWith is startChild with more arguments (a -config).
func startChildWith(t *testing.T, data string, args ...string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"-listen", "127.0.0.1:0", "-data", data}, args...)...)
	cmd.Env = append(os.Environ(), "HALLD_CHILD=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	base, ok := strings.CutPrefix(strings.TrimSpace(line), "halld: listening on ")
	if err != nil || !ok {
		cmd.Process.Kill()
		t.Fatalf("child's first line %q (%v)", line, err)
	}
	go io.Copy(io.Discard, out)
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
	})
	return &child{cmd: cmd, base: base}
}

// halld SIGKILLed while it publishes to its centre, then started again:
// the centre's stream holds every event of the hall's log once, in order.
func TestCentreHallKilledMidStream(t *testing.T) {
	const id = "330106001000-01"
	c := newTestCentre(t, id)
	data := filepath.Join(t.TempDir(), "data")
	ch := startChildWith(t, data, "-config", c.conf)

	// Applicants take tickets until the hall dies under them.
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				svc := []string{"estate", "social", "business", "fund"}[(w+i)%4]
				if _, _, err := post(ch.base, "/api/v1/tickets", "", `{"service":"`+svc+`"}`); err != nil {
					return // killed
				}
			}
		})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	poll(t, "the stream holds some batches", func() bool {
		info, err := c.stream.Info(ctx)
		return err == nil && info.State.Msgs >= 300
	})
	ch.kill()
	wg.Wait()

	ch = startChildWith(t, data, "-config", c.conf)
	var hv struct{ Seq uint64 }
	d := &daemon{base: ch.base}
	d.get(t, "/api/v1/hall", &hv)
	poll(t, "the link caught up after the restart", func() bool {
		var list []struct {
			ID   string
			Link *uplink.Status
		}
		d.get(t, "/api/v1/devices", &list)
		for _, dev := range list {
			if dev.ID == uplink.DeviceID && dev.Link != nil {
				return dev.Link.State == uplink.StateConnected && dev.Link.Lag == 0 && dev.Link.Published >= hv.Seq
			}
		}
		return false
	})
	ch.cmd.Process.Signal(syscall.SIGTERM)
	ch.cmd.Wait()

	// Compare with the hall's log, read after halld stopped.
	h, err := hall.Load(c.conf)
	if err != nil {
		t.Fatal(err)
	}
	e, err := queue.Open(filepath.Join(data, dbName), h, queue.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	evs, err := e.ReadEvents(0, int(e.Stats().Seq)+1)
	if err != nil {
		t.Fatal(err)
	}
	f := uplink.Filter{Reasons: h.Policy.PauseReasons}
	info, err := c.stream.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	next := uint64(1)
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq; seq++ {
		m, err := c.stream.GetMsg(ctx, seq)
		if err != nil {
			t.Fatal(err)
		}
		b, err := hallnet.DecodeBatch(m.Header.Get(hallnet.HeaderSchema), m.Header.Get(hallnet.HeaderFirst), m.Header.Get(hallnet.HeaderLast), m.Data)
		if err != nil {
			t.Fatal(err)
		}
		if b.First != next {
			t.Fatalf("batch %d-%d after event %d: a gap or a duplicate", b.First, b.Last, next-1)
		}
		for i, raw := range b.Events {
			want, _ := f.Event(evs[b.First-1+uint64(i)])
			if !bytes.Equal(raw, want) {
				t.Fatalf("event %d differs from the log", b.First+uint64(i))
			}
		}
		next = b.Last + 1
	}
	if next-1 != uint64(len(evs)) {
		t.Fatalf("the stream ends at event %d, the log at %d", next-1, len(evs))
	}
	t.Logf("%d events in %d batches, each once and in order, across a SIGKILL of halld", len(evs), info.State.Msgs)
}

// poll checks cond (another process's state) every 20 ms for at most 60 s.
func poll(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal(fmt.Sprintf("not within 60 s: %s", what))
		}
		<-tick.C
	}
}
