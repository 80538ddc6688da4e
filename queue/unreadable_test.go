package queue

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// damageRecord overwrites one record with bytes that do not decode, as a
// bad sector under a running engine would leave it.
func damageRecord(t *testing.T, e *Engine, bucket []byte, key string) {
	t.Helper()
	if err := e.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucket).Put([]byte(key), []byte(`{"damaged`))
	}); err != nil {
		t.Fatal(err)
	}
}

// TestUnreadableDayFiguresAreNotOverwritten: the next day's figures are
// unreadable when the hall's first ticket of that day counts into them.
// Counting onto empty figures used to overwrite the record with a smaller
// one that read as correct: an under-counted report nobody could tell.
// Now the event goes uncounted with an error in the log, and the report
// of that day is ErrCorrupt (the API's 500 database_damaged).
func TestUnreadableDayFiguresAreNotOverwritten(t *testing.T) {
	hs := newHarness(t)
	hs.damaged = true
	hs.e.Close()
	var logs bytes.Buffer
	e, err := Open(hs.path, hs.h, Options{Now: hs.clock.Now, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	hs.e = e
	t.Cleanup(func() { e.Close() })

	hs.issue("a") // Monday's figures are in memory
	tuesday := hs.h.Day(monday10.AddDate(0, 0, 1))
	damageRecord(t, hs.e, bStats, statKey(ByHall, tuesday, ""))
	hs.clock.Set(monday10.AddDate(0, 0, 1))
	hs.issue("a") // Tuesday's first: its figures are read back, and fail
	rows, err := hs.e.Report(tuesday, tuesday, ByHall)
	if !errors.Is(err, ErrCorrupt) {
		t.Errorf("Tuesday's report: %+v, %v; want ErrCorrupt", rows, err)
	}
	hs.e.Close() // the log is complete
	if !strings.Contains(logs.String(), "event not counted") || !strings.Contains(logs.String(), "day="+tuesday) {
		t.Errorf("no error logged for the uncounted event:\n%s", logs.String())
	}
}

// TestUnreadableCaseIsNotAbsent: a stored case that does not decode is an
// error, not "no such case" — which answered 404 and let a new case take
// its number over the damaged record.
func TestUnreadableCaseIsNotAbsent(t *testing.T) {
	hs := newHarness(t)
	hs.damaged = true
	const old = "202601050001" // not in memory: only the database has it
	damageRecord(t, hs.e, bCases, old)
	if _, err := hs.e.CaseByNumber(old); !errors.Is(err, ErrCorrupt) {
		t.Errorf("CaseByNumber: %v, want ErrCorrupt", err)
	}
	_, err := hs.e.CreateCase("api:test", CaseRequest{Number: old, Service: "a", Applicant: Applicant{Name: "张三丰", Phone: "13812341234"}, Type: CaseInstant})
	if !errors.Is(err, ErrCorrupt) {
		t.Errorf("CreateCase over the damaged number: %v, want ErrCorrupt", err)
	}
	if _, err := hs.e.UpdateCase("w1", old, CaseUpdate{State: CaseDone}); !errors.Is(err, ErrCorrupt) {
		t.Errorf("UpdateCase: %v, want ErrCorrupt", err)
	}
}
