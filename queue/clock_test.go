package queue

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"halld/queue/hall"
)

// newClockHarness is newHarness with Options.Synced wired to synced, and
// the engine's log in the returned buffer.
func newClockHarness(t *testing.T, synced *atomic.Bool) (*harness, *syncBuffer) {
	t.Helper()
	h, err := hall.Parse([]byte(fmt.Sprintf(testHall, "")), "test.toml")
	if err != nil {
		t.Fatal(err)
	}
	hs := &harness{t: t, h: h, clock: &fakeClock{t: monday10}, path: filepath.Join(t.TempDir(), "halld.db"), tokens: map[int]string{}}
	logs := &syncBuffer{}
	e, err := Open(hs.path, h, Options{Now: hs.clock.Now, Synced: synced.Load,
		Logger: slog.New(slog.NewTextHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	hs.e = e
	t.Cleanup(func() { e.Close() })
	return hs, logs
}

// syncBuffer is a bytes.Buffer safe for the committer's goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestClockSync(t *testing.T) {
	tuesday10 := monday10.AddDate(0, 0, 1)
	tests := []struct {
		name    string
		history bool // A001 issued Monday 10:00 on a synchronised clock
		synced  bool
		at      time.Time
		code    string // the refusal of an issue at `at`; "" for none
		number  string // the number issued at `at`, or once synchronised
	}{
		{"synced: the next day starts", true, true, tuesday10, "", "A001"},
		{"unsynced: same day, after the last event", true, false, monday10.Add(time.Minute), "", "A002"},
		{"unsynced: same day, at the last event", true, false, monday10, "", "A002"},
		{"unsynced: before the last event", true, false, monday10.Add(-time.Minute), "clock_unsynced", "A002"},
		{"unsynced: the next day", true, false, tuesday10, "clock_unsynced", "A001"},
		{"unsynced: a day back", true, false, monday10.AddDate(0, 0, -1), "clock_unsynced", ""},
		{"unsynced: 1970", true, false, time.Unix(5, 0), "clock_unsynced", ""},
		{"unsynced: new database", false, false, monday10, "clock_unsynced", "A001"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var synced atomic.Bool
			synced.Store(true)
			hs, _ := newClockHarness(t, &synced)
			if tc.history {
				hs.issue("a")
			}
			synced.Store(tc.synced)
			hs.clock.Set(tc.at)

			v, err := hs.e.Issue(IssueRequest{Service: "a", Channel: "kiosk"})
			if code(err) != tc.code {
				t.Fatalf("issue: %v, want %q", err, tc.code)
			}
			if tc.code == "" {
				if v.Number != tc.number || v.Day != hs.h.Day(tc.at) {
					t.Errorf("issued %s on %s, want %s on %s", v.Number, v.Day, tc.number, hs.h.Day(tc.at))
				}
				if hv, _ := hs.e.HallView(); hv.Starting {
					t.Error("hall view says starting")
				}
				return
			}
			if !errors.Is(err, ErrUnavailable) {
				t.Errorf("refusal %v is not ErrUnavailable", err)
			}
			if err := hs.e.Tick(); code(err) != tc.code {
				t.Errorf("tick: %v", err) // the daemon ignores ErrUnavailable ticks
			}
			hv, err := hs.e.HallView()
			if err != nil || !hv.Starting {
				t.Errorf("hall view while waiting: starting=%v, %v", hv.Starting, err)
			}
			if raw, _ := json.Marshal(hv); !strings.Contains(string(raw), `"starting":true`) {
				t.Errorf("hall view JSON: %s", raw)
			}
			if tc.number == "" {
				return // the clock itself is wrong: synchronising does not help here
			}
			synced.Store(true)
			v, err = hs.e.Issue(IssueRequest{Service: "a", Channel: "kiosk"})
			if err != nil || v.Number != tc.number || v.Day != hs.h.Day(tc.at) {
				t.Fatalf("once synchronised: %s on %s (%v), want %s on %s", v.Number, v.Day, err, tc.number, hs.h.Day(tc.at))
			}
			if hv, _ := hs.e.HallView(); hv.Starting {
				t.Error("hall view still says starting")
			}
		})
	}
}

// TestClockSyncWaitLogsOnce: Tick runs every few seconds while waiting.
func TestClockSyncWaitLogsOnce(t *testing.T) {
	hs, logs, synced := waitingAfterMonday(t)
	hs.clock.Set(monday10.AddDate(0, 0, 1))
	for range 10 {
		hs.clock.Advance(5 * time.Second)
		if err := hs.e.Tick(); code(err) != "clock_unsynced" {
			t.Fatalf("tick: %v", err)
		}
	}
	synced.Store(true)
	if err := hs.e.Tick(); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(logs.String(), "waiting for a synchronised clock"); n != 1 {
		t.Errorf("logged the wait %d times:\n%s", n, logs)
	}
	if !strings.Contains(logs.String(), "clock usable again") {
		t.Errorf("the end of the wait is not logged:\n%s", logs)
	}
}

// TestClockSyncStaleEvening: fake-hwclock restored last evening's time on
// the morning after. It is within the last day and after its last event,
// so it is used: the hall looks closed, but no new day starts on it.
func TestClockSyncStaleEvening(t *testing.T) {
	hs, _, _ := waitingAfterMonday(t)
	hs.clock.Set(monday10.Add(8 * time.Hour)) // Monday 18:00, after closing
	if err := hs.e.Tick(); err != nil {
		t.Fatalf("tick: %v", err)
	}
	if _, err := hs.e.Issue(IssueRequest{Service: "a"}); code(err) == "clock_unsynced" || err == nil {
		t.Errorf("issue after closing on a stale clock: %v", err)
	}
	hs.clock.Set(monday10.Add(14 * time.Hour)) // it ticks on past midnight
	if err := hs.e.Tick(); code(err) != "clock_unsynced" {
		t.Errorf("tick past midnight: %v", err)
	}
}

// TestDeviceHealthWhileWaiting: screens show a missing printer even while
// the clock is not trusted, and that report moves no day forward.
func TestDeviceHealthWhileWaiting(t *testing.T) {
	hs, _, _ := waitingAfterMonday(t) // Monday: the last committed day
	last := hs.e.meta.LastAt
	hs.clock.Set(monday10.AddDate(0, 0, 1))
	if err := hs.e.ReportDevice(DeviceState{ID: "printer-1", Kind: "printer", State: "paper_out"}); err != nil {
		t.Fatalf("device state refused while waiting for the clock: %v", err)
	}
	if d := hs.e.Devices(); len(d) != 1 || d[0].State != "paper_out" || !d[0].Since.Equal(last) {
		t.Errorf("devices %+v, want paper_out stamped with the last event's time %v", d, last)
	}
	if hs.e.meta.Day != hs.h.Day(monday10) || !hs.e.meta.LastAt.Equal(last) {
		t.Errorf("a device report moved the day to %s (last event %v)", hs.e.meta.Day, hs.e.meta.LastAt)
	}
	if _, err := hs.e.Issue(IssueRequest{Service: "a", Channel: "kiosk"}); code(err) != "clock_unsynced" {
		t.Errorf("issue while waiting: %v", err)
	}
}

// waitingAfterMonday is a hall that issued on Monday and whose clock has
// since stopped being synchronised (synced turns it back).
func waitingAfterMonday(t *testing.T) (*harness, *syncBuffer, *atomic.Bool) {
	t.Helper()
	synced := new(atomic.Bool)
	synced.Store(true)
	hs, logs := newClockHarness(t, synced)
	hs.issue("a")
	synced.Store(false)
	return hs, logs, synced
}
