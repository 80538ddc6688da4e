package queue

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// These tests damage a real database file the way a failing disk or a
// stray write does (bytes changed inside one page) and check that halld
// notices instead of serving what is left as if it were whole.

// stoppedWithDamage is a hall of 300 events, stopped cleanly, then one
// page of its log damaged; first is the first event lost.
func stoppedWithDamage(t *testing.T, how string) (*harness, uint64) {
	hs := newHarness(t)
	hs.damaged = true
	fillLog(hs, 300)
	root := logRoot(t, hs.e.db)
	hs.e.Close()
	return hs, damageLeaf(t, hs.path, root, how)
}

// fillLog issues n tickets: a log of n events over many leaf pages.
func fillLog(hs *harness, n int) {
	for i := 0; i < n; i++ {
		hs.issue("a")
	}
}

// pageOf returns the page size and the offset of the page id in the file.
func pageOf(t *testing.T, f *os.File, id uint64) (size, off int64) {
	t.Helper()
	var hdr [32]byte
	if _, err := f.ReadAt(hdr[:], 0); err != nil {
		t.Fatal(err)
	}
	size = int64(binary.LittleEndian.Uint32(hdr[24:])) // meta.pageSize
	return size, int64(id) * size
}

// middleLeaf returns the id of a leaf page in the middle of the event log:
// a child of the log's root branch page, read from the file itself.
func middleLeaf(t *testing.T, f *os.File, root uint64, last bool) uint64 {
	t.Helper()
	size, off := pageOf(t, f, root)
	page := make([]byte, size)
	if _, err := f.ReadAt(page, off); err != nil {
		t.Fatal(err)
	}
	if flags := binary.LittleEndian.Uint16(page[8:]); flags != 0x01 {
		t.Fatalf("the log's root %d is not a branch page (flags %#x): log too small", root, flags)
	}
	count := int(binary.LittleEndian.Uint16(page[10:]))
	if count < 3 {
		t.Fatalf("the log's root has %d children", count)
	}
	el := page[16+16*(count/2):] // branchPageElement: pos, ksize uint32; pgid uint64
	if last {
		el = page[16+16*(count-1):]
	}
	return binary.LittleEndian.Uint64(el[8:])
}

// damageLeaf changes one page of the event log in the file at path (open or
// not): how names the damage. It returns the first event lost.
func damageLeaf(t *testing.T, path string, root uint64, how string) uint64 {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	leaf := middleLeaf(t, f, root, how == "last")
	size, off := pageOf(t, f, leaf)
	page := make([]byte, size)
	f.ReadAt(page, off)
	// leafPageElement: flags, pos, ksize, vsize uint32; the key is at pos
	// from the element.
	pos := binary.LittleEndian.Uint32(page[16+4:])
	first := binary.BigEndian.Uint64(page[16+pos:])
	switch how {
	case "count": // the page claims fewer elements: a cursor skips the rest
		binary.LittleEndian.PutUint16(page[10:], 1)
		first++
	case "flags", "last": // bbolt panics: "unexpected type/flags"
		binary.LittleEndian.PutUint16(page[8:], 0x40)
	case "value": // an event's JSON no longer parses
		i := bytes.Index(page, []byte(`{"seq":`))
		page[i] = '#'
	}
	if _, err := f.WriteAt(page, off); err != nil {
		t.Fatal(err)
	}
	return first
}

func logRoot(t *testing.T, db *bolt.DB) (root uint64) {
	db.View(func(tx *bolt.Tx) error { root = uint64(tx.Bucket(bEvents).Root()); return nil })
	if root == 0 {
		t.Fatal("no log root")
	}
	return root
}

// TestStartCatchesDamagedPage: a page of the log damaged while halld was
// stopped is found at start-up, with the range it covers; the daemon does
// not start on it ("queue restored" was all it said).
func TestStartCatchesDamagedPage(t *testing.T) {
	for _, how := range []string{"count", "flags", "value"} {
		t.Run(how, func(t *testing.T) {
			hs, first := stoppedWithDamage(t, how)
			e, err := Open(hs.path, hs.h, Options{Now: hs.clock.Now})
			if err == nil {
				e.Close()
				t.Fatal("halld started on a damaged log")
			}
			var d *DamageError
			if !errors.As(err, &d) || !errors.Is(err, ErrCorrupt) {
				t.Fatalf("start-up: %v", err)
			}
			if d.What == "event log" && (d.From != first || d.To < first) {
				t.Errorf("range %d–%d, the damaged page starts at %d", d.From, d.To, first)
			}
			if err := Check(hs.path); !errors.Is(err, ErrCorrupt) {
				t.Errorf("Check: %v", err)
			}
		})
	}
}

// TestReadEventsReportsDamageRange: a reader of the log (a screen asking
// for events?since=0) gets the damaged range as an error, never a shorter
// log and never a panic.
func TestReadEventsReportsDamageRange(t *testing.T) {
	for _, how := range []string{"count", "flags", "value"} {
		t.Run(how, func(t *testing.T) {
			hs, first := stoppedWithDamage(t, how)
			// The damage came after a clean shutdown and left the file's
			// size and time alone (the disk rotting): start-up does not
			// read every page then (see commitMark); the readers must
			// still notice.
			forgeCleanMark(t, hs.path)
			hs.open()
			var got []Event
			var err error
			for after := uint64(0); ; after = got[len(got)-1].Seq {
				var evs []Event
				evs, err = hs.e.ReadEvents(after, 64)
				got = append(got, evs...)
				if err != nil || len(evs) == 0 {
					break
				}
			}
			var d *DamageError
			if !errors.As(err, &d) {
				t.Fatalf("read %d events, err %v: damage not reported", len(got), err)
			}
			if d.From != first || d.To < d.From {
				t.Errorf("range %d–%d, the damaged page starts at %d", d.From, d.To, first)
			}
			for i, ev := range got {
				if ev.Seq != uint64(i+1) {
					t.Fatalf("event %d served as %d", i+1, ev.Seq)
				}
			}
			// A subscription (the stream) gets the same error.
			sub := hs.e.Subscribe(0)
			defer sub.Close()
			for {
				if _, err = sub.NextWithin(t.Context(), time.Second); err != nil {
					break
				}
			}
			if !errors.As(err, &d) || d.From != first {
				t.Errorf("subscription ended with %v", err)
			}
		})
	}
}

// forgeCleanMark records a clean shutdown of the file as it is now.
func forgeCleanMark(t *testing.T, path string) {
	old, _, _ := readMark(path)
	m, err := openMark(path, old.Seq)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.close(path, old.Seq); err != nil {
		t.Fatal(err)
	}
}

// TestDamageMetByRestoreIsAnError: the last page of the log, which
// start-up reads, damaged without the file's size and time changing: Open
// returns the damage (bbolt's panic is recovered), no crash.
func TestDamageMetByRestoreIsAnError(t *testing.T) {
	hs, _ := stoppedWithDamage(t, "last")
	forgeCleanMark(t, hs.path)
	e, err := Open(hs.path, hs.h, Options{Now: hs.clock.Now})
	if err == nil {
		e.Close()
		t.Fatal("started on a damaged last page")
	}
	if !errors.Is(err, ErrCorrupt) {
		t.Errorf("start-up: %v", err)
	}
}

// TestBackupRefusesDamage: the backup is verified first and a damaged
// database is not copied (it would replace the last good backup).
func TestBackupRefusesDamage(t *testing.T) {
	hs := newHarness(t)
	hs.damaged = true
	fillLog(hs, 300)
	var good bytes.Buffer
	if _, err := hs.e.Backup(&good); err != nil {
		t.Fatal(err)
	}
	damageLeaf(t, hs.path, logRoot(t, hs.e.db), "count")
	var out bytes.Buffer
	n, err := hs.e.Backup(&out)
	if !errors.Is(err, ErrCorrupt) || n != 0 || out.Len() != 0 {
		t.Fatalf("backup of a damaged database: %d bytes, %v", out.Len(), err)
	}
}

// TestCheckDecodesValues: damage inside a record (the page structure
// intact) makes the file unusable for restore.
func TestCheckDecodesValues(t *testing.T) {
	hs := newHarness(t)
	hs.damaged = true
	hs.e.Issue(IssueRequest{Service: "a", Channel: "kiosk", IDNumber: "11010519491231002X"})
	hs.e.Close()
	if err := Check(hs.path); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(hs.path)
	n := bytes.Count(raw, []byte(`"state":"waiting","issued_at"`))
	if n == 0 {
		t.Fatal("no ticket record found in the file")
	}
	// Every copy (bbolt keeps older versions of pages until reused).
	raw = bytes.ReplaceAll(raw, []byte(`"state":"waiting","issued_at"`), []byte(`"state":"waiting";"issued_at"`))
	os.WriteFile(hs.path, raw, 0o600)
	if err := Check(hs.path); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Check passed a ticket record that does not decode: %v", err)
	}
}

// TestMetaRollbackCaught: bbolt keeps two meta pages and silently falls
// back to the older when the newer is damaged, losing the last commit. The
// commit mark beside the database catches it.
func TestMetaRollbackCaught(t *testing.T) {
	hs := newHarness(t)
	fillLog(hs, 5)
	hs.e.Close()
	f, err := os.OpenFile(hs.path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	size, _ := pageOf(t, f, 0)
	var newest int64
	var best uint64
	for id := int64(0); id < 2; id++ {
		var m [80]byte
		f.ReadAt(m[:], id*size)
		if txid := binary.LittleEndian.Uint64(m[64:]); txid > best {
			best, newest = txid, id
		}
	}
	f.WriteAt([]byte{0xEE}, newest*size+40) // inside the meta: its checksum fails
	f.Close()
	e, err := Open(hs.path, hs.h, Options{Now: hs.clock.Now})
	if err == nil {
		seq := e.Stats().Seq
		e.Close()
		t.Fatalf("started at event %d after losing the last commit (5)", seq)
	}
	var d *DamageError
	if !errors.As(err, &d) || d.To != 5 {
		t.Fatalf("start-up: %v", err)
	}
}

// TestCleanRestartSkipsVerify: a clean shutdown with the file unchanged
// starts without reading every page; a crash (no clean mark) verifies.
func TestCleanRestartSkipsVerify(t *testing.T) {
	hs := newHarness(t)
	fillLog(hs, 3)
	hs.e.Close()
	m, ok, err := readMark(hs.path)
	if err != nil || !ok || !m.Clean || m.Seq != 3 || !m.unchanged(hs.path) {
		t.Fatalf("mark after a clean close: %+v %v %v", m, ok, err)
	}
	hs.open()
	m, _, _ = readMark(hs.path)
	if m.Clean {
		t.Error("a running halld's mark says clean")
	}
	hs.issue("a")
	if m, _, _ = readMark(hs.path); m.Seq != 4 {
		t.Errorf("mark after a commit: seq %d", m.Seq)
	}
}

// BenchmarkVerify measures the full verification (start-up after an
// unclean shutdown, every backup) per ticket of history (its record and
// events), the database in the page cache.
func BenchmarkVerify(b *testing.B) {
	const tickets = 2000
	hs := newHarness(b)
	for range tickets {
		if _, err := hs.e.Issue(IssueRequest{Service: "a", Channel: "kiosk"}); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		if err := hs.e.db.View(verify); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/tickets, "ns/ticket")
}
