package api

import (
	"bytes"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"halld/queue"
	"halld/queue/hall"
)

// TestStreamReportsDamagedLog: a screen asking for events?since=0 from a
// log with a damaged record reads every event before it, then a close
// frame naming the damaged range; the daemon stays up for the next client.
func TestStreamReportsDamagedLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "halld.db")
	e, err := queue.Open(path, hall.Demo(), queue.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for range 200 {
		if _, err := e.Issue(queue.IssueRequest{Service: "social", Channel: "kiosk"}); err != nil {
			t.Fatal(err)
		}
	}
	e.Close()
	// Restarted: the log is read from the file, not from memory.
	if e, err = queue.Open(path, hall.Demo(), queue.Options{}); err != nil {
		t.Fatal(err)
	}
	srv := New(e, nil)
	ts := httptest.NewServer(srv)
	defer func() { srv.CloseStreams(); ts.Close(); e.Close() }()
	// Damage event 120 where the file holds it (halld has it mapped).
	raw, _ := os.ReadFile(path)
	needle := []byte(`{"seq":120,"type"`)
	if !bytes.Contains(raw, needle) {
		t.Fatal("event 120 not found in the file")
	}
	f, _ := os.OpenFile(path, os.O_RDWR, 0)
	for off := bytes.Index(raw, needle); off >= 0; {
		f.WriteAt([]byte{'#'}, int64(off))
		next := bytes.Index(raw[off+1:], needle)
		if next < 0 {
			break
		}
		off += 1 + next
	}
	f.Close()

	for range 2 { // twice: the first stream's failure harms nobody
		c, _, err := websocket.DefaultDialer.Dial("ws"+ts.URL[len("http"):]+"/api/v1/events?since=0", nil)
		if err != nil {
			t.Fatal(err)
		}
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		var n int
		for {
			var ev queue.Event
			if err = c.ReadJSON(&ev); err != nil {
				break
			}
			n++
			if ev.Seq != uint64(n) {
				t.Fatalf("event %d arrived as %d", n, ev.Seq)
			}
		}
		c.Close()
		if n != 119 {
			t.Errorf("read %d events before the damage, want 119", n)
		}
		ce, ok := err.(*websocket.CloseError)
		if !ok || ce.Code != websocket.CloseInternalServerErr || ce.Text != fmt.Sprintf("log_damaged %d-%d", 120, 120) {
			t.Fatalf("stream ended with %v, want 1011 log_damaged 120-120", err)
		}
	}
}
