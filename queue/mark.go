package queue

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// The commit mark is a small file beside the database (<db>.mark) that
// remembers what the database alone cannot vouch for:
//
//   - whether halld shut down cleanly, and the file's size and modification
//     time then: a start-up after a crash, or on a file changed while halld
//     was stopped, verifies the whole database before serving it;
//   - the last committed event, rewritten after every commit (not synced:
//     a plain write survives a crash of the process, and after a power cut
//     it can only lag the database, never lead it, since bbolt syncs first).
//     A database that ends before the mark was rolled back: bbolt silently
//     falls back to its older meta page when the newer one is damaged.
//
// Limits: after a power cut the mark may lag, so a rollback of the last
// commits before the cut is not caught; damage that keeps size and mtime
// (the disk itself rotting) after a clean shutdown is caught by the nightly
// backup's verification, or at start with -verify-db, not at every start.
type commitMark struct {
	f *os.File
}

// markState is what the mark file holds.
type markState struct {
	Seq   uint64
	Clean bool
	Size  int64
	MTime int64 // UnixNano
}

const markFormat = "halld-mark v1 seq=%020d clean=%d size=%020d mtime=%020d\n"

func markPath(db string) string { return db + ".mark" }

// readMark reads the mark of the database at db; ok is false when there is
// none (a new database, or one just restored from a backup).
func readMark(db string) (m markState, ok bool, err error) {
	raw, err := os.ReadFile(markPath(db))
	if errors.Is(err, fs.ErrNotExist) {
		return m, false, nil
	}
	if err != nil {
		return m, false, err
	}
	var clean int
	if _, err := fmt.Sscanf(string(raw), markFormat, &m.Seq, &clean, &m.Size, &m.MTime); err != nil {
		return m, false, nil // unreadable: treated as missing (verify everything)
	}
	m.Clean = clean == 1
	return m, true, nil
}

// openMark opens the mark for writing and records an unclean state (halld
// is running), synced so a crash from now on is noticed at the next start.
func openMark(db string, seq uint64) (*commitMark, error) {
	f, err := os.OpenFile(markPath(db), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	m := &commitMark{f: f}
	if err := m.write(markState{Seq: seq}); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, err
	}
	return m, nil
}

func (m *commitMark) write(s markState) error {
	clean := 0
	if s.Clean {
		clean = 1
	}
	_, err := m.f.WriteAt(fmt.Appendf(nil, markFormat, s.Seq, clean, s.Size, s.MTime), 0)
	return err
}

// committed records seq as committed: one write, no sync (see commitMark).
func (m *commitMark) committed(seq uint64) error { return m.write(markState{Seq: seq}) }

// close records a clean shutdown at seq of the (closed) database at db.
func (m *commitMark) close(db string, seq uint64) error {
	defer m.f.Close()
	st, err := os.Stat(db)
	if err != nil {
		return err
	}
	if err := m.write(markState{Seq: seq, Clean: true, Size: st.Size(), MTime: st.ModTime().UnixNano()}); err != nil {
		return err
	}
	return m.f.Sync()
}

// unchanged reports whether the database at db is as a clean shutdown left it.
func (s markState) unchanged(db string) bool {
	st, err := os.Stat(db)
	return err == nil && s.Clean && st.Size() == s.Size && st.ModTime().UnixNano() == s.MTime
}

// RemoveMark deletes the commit mark of the database at db: restore calls
// it, since a restored backup legitimately ends before the old mark.
func RemoveMark(db string) error {
	err := os.Remove(markPath(db))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}
