package queuetest

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"halld/queue"
)

// recorder is a testing.TB whose cleanups run when the test says and whose
// failures are recorded, so a failing check can be observed.
type recorder struct {
	testing.TB
	cleanups []func()
	failed   []string
}

func (r *recorder) Cleanup(f func())          { r.cleanups = append(r.cleanups, f) }
func (r *recorder) Errorf(f string, a ...any) { r.failed = append(r.failed, fmt.Sprintf(f, a...)) }
func (r *recorder) Fatalf(f string, a ...any) { r.Errorf(f, a...); r.TB.FailNow() }
func (r *recorder) Helper()                   {}
func (r *recorder) runCleanups() {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
}

// TestCleanupChecksTheDatabase: a test that used the engine normally
// passes the check; one that left an undecodable record fails it.
func TestCleanupChecksTheDatabase(t *testing.T) {
	for _, damage := range []bool{false, true} {
		t.Run(fmt.Sprint("damaged=", damage), func(t *testing.T) {
			rec := &recorder{TB: t}
			path := t.TempDir() + "/halld.db"
			e := OpenAt(rec, path, nil, queue.Options{})
			if _, err := e.Issue(queue.IssueRequest{Service: "social", Channel: "kiosk"}); err != nil {
				t.Fatal(err)
			}
			if damage {
				e.Close()
				db, err := bolt.Open(path, 0o600, nil)
				if err != nil {
					t.Fatal(err)
				}
				err = db.Update(func(tx *bolt.Tx) error {
					b := tx.Bucket([]byte("tickets"))
					if b == nil {
						return errors.New("no tickets bucket")
					}
					return b.Put([]byte("x"), []byte("{not json"))
				})
				db.Close()
				if err != nil {
					t.Fatal(err)
				}
			}
			rec.runCleanups()
			if got := len(rec.failed) > 0; got != damage {
				t.Errorf("check failed = %v, want %v: %q", got, damage, rec.failed)
			}
			if damage && !strings.Contains(strings.Join(rec.failed, "\n"), "does not verify") {
				t.Errorf("failure does not say what: %q", rec.failed)
			}
		})
	}
}

func TestOpenIsTheDemoHall(t *testing.T) {
	e := Open(t, nil, queue.Options{})
	if e.Hall() == nil {
		t.Fatal("no hall")
	}
	if _, err := e.Issue(queue.IssueRequest{Service: "social", Channel: "kiosk"}); err != nil {
		t.Errorf("the demo hall issues around the clock: %v", err)
	}
}
