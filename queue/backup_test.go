package queue

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestBackupWhileRunningRestoresTheSameHall(t *testing.T) {
	hs := newHarness(t)
	hs.login(4)
	hs.issue("a")
	hs.issue("b")
	hs.callNext(4)
	var buf bytes.Buffer
	if _, err := hs.e.Backup(&buf); err != nil {
		t.Fatal(err)
	}
	hs.issue("a") // after the backup: not in it
	copyPath := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(copyPath, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Check(copyPath); err != nil {
		t.Fatalf("the backup does not check: %v", err)
	}
	e, err := Open(copyPath, hs.h, Options{Now: hs.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	hv, _ := e.HallView()
	if hv.Seq != 4 { // login, two issues, one call
		t.Errorf("restored seq %d, want 4", hv.Seq)
	}
	if w := hv.Windows[3]; w.Current == nil || w.Current.Number != "A001" {
		t.Errorf("window 4 after restore: %+v", w)
	}
}

func TestCheckFindsDamage(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	os.WriteFile(garbage, bytes.Repeat([]byte{0xAB}, 64<<10), 0o600)
	if err := Check(garbage); !errors.Is(err, ErrCorrupt) {
		t.Errorf("garbage file: %v", err)
	}
	if err := Check(filepath.Join(dir, "missing.db")); err == nil {
		t.Error("a missing file checks")
	}
	hs := newHarness(t)
	hs.damaged = true
	hs.issue("a")
	hs.e.Close()
	if err := Check(hs.path); err != nil {
		t.Errorf("a good database: %v", err)
	}
	// Damage one page in the middle of the file.
	raw, _ := os.ReadFile(hs.path)
	for i := 4096 * 2; i < 4096*3 && i < len(raw); i++ {
		raw[i] ^= 0xFF
	}
	os.WriteFile(hs.path, raw, 0o600)
	if err := Check(hs.path); !errors.Is(err, ErrCorrupt) {
		t.Errorf("a damaged page: %v", err)
	}
}

// TestBackupBesideCommits: backups taken while the hall keeps committing
// verify clean. bbolt's page check reads the live freelist; run beside a
// commit it reported pages "unreachable unfreed" in a sound database, and
// a daemon refused its admin's backup (a CI run caught it).
func TestBackupBesideCommits(t *testing.T) {
	hs := newHarness(t)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 400 {
			if _, err := hs.e.Issue(IssueRequest{Service: "a", Channel: "kiosk"}); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for n := 0; ; n++ {
		if _, err := hs.e.Backup(io.Discard); err != nil {
			t.Errorf("backup %d beside commits: %v", n, err)
			<-done
			return
		}
		select {
		case <-done:
			return
		default:
		}
	}
}
