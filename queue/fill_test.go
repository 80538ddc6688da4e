package queue

import (
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestEventLogPagesAreFilled: the log is append-only, so its pages are
// filled rather than half-filled as bbolt does by default; a year of
// history is half the size on disk for it.
func TestEventLogPagesAreFilled(t *testing.T) {
	hs := newHarness(t)
	for i := range 600 {
		hs.issue([]string{"a", "b"}[i%2])
	}
	hs.e.Close()
	db, err := bolt.Open(hs.path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.View(func(tx *bolt.Tx) error {
		s := tx.Bucket(bEvents).Stats()
		used := float64(s.LeafInuse) / float64(s.LeafAlloc)
		t.Logf("%d events in %d leaf pages, %.0f%% used", s.KeyN, s.LeafPageN, 100*used)
		if used < 0.7 {
			t.Errorf("event log leaves %.0f%% used, want them filled (bbolt's default half-fills)", 100*used)
		}
		return nil
	})
}
