package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"halld/queue"
)

const dbName = "halld.db"

// backupCmd writes a consistent copy of a stopped hall's database. A running
// halld holds the file: back it up online with GET /api/v1/admin/backup.
func backupCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("halld backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "halld-data", "data directory")
	out := fs.String("o", "", "backup file to write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("backup: -o FILE is required")
	}
	// Verified first (every page and record): a copy of a damaged database
	// must not replace a good backup.
	if err := queue.Check(filepath.Join(*data, dbName)); errors.Is(err, queue.ErrInUse) {
		return errors.New("backup: halld is running on this data directory; use GET /api/v1/admin/backup with an admin token")
	} else if err != nil {
		return fmt.Errorf("backup: the database is not usable, not copied: %w", err)
	}
	db, err := bolt.Open(filepath.Join(*data, dbName), 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return errors.New("backup: halld is running on this data directory; use GET /api/v1/admin/backup with an admin token")
		}
		return fmt.Errorf("backup: %w", err)
	}
	defer db.Close()
	err = writeAtomic(*out, func(w io.Writer) error {
		return db.View(func(tx *bolt.Tx) error { _, err := tx.WriteTo(w); return err })
	})
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(stdout, "backup written to %s\n", *out)
	return nil
}

// restoreCmd replaces a stopped hall's database by a backup verified to the
// last record (queue.Check); the replaced file is kept beside it.
func restoreCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("halld restore", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "halld-data", "data directory")
	keyFile := fs.String("key-file", "", "the key file halld will run with (default: beside the data directory, DATA.key); it must open the backup's sealed personal data")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("restore: usage: halld restore -data DIR BACKUP-FILE")
	}
	src := fs.Arg(0)
	if err := queue.Check(src); err != nil {
		return fmt.Errorf("restore: the backup is not usable: %w", err)
	}
	dst := filepath.Join(*data, dbName)
	if *keyFile == "" {
		*keyFile = queue.KeyFile(dst)
	}
	if err := queue.CheckKey(src, *keyFile); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if _, err := os.Stat(dst); err == nil {
		if err := queue.Check(dst); errors.Is(err, queue.ErrInUse) {
			return errors.New("restore: stop halld first")
		}
		old := dst + ".replaced-" + time.Now().Format("20060102-150405")
		if err := os.Rename(dst, old); err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		fmt.Fprintf(stdout, "the replaced database is kept as %s\n", old)
	}
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer in.Close()
	if err := writeAtomic(dst, func(w io.Writer) error { _, err := io.Copy(w, in); return err }); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	// The restored file legitimately ends before the replaced one's last
	// commit: without a mark, the next start verifies it and starts afresh.
	if err := queue.RemoveMark(dst); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	fmt.Fprintf(stdout, "restored %s from %s\n", dst, src)
	return nil
}

// writeAtomic writes a file through a temporary one, synced before the
// rename, so a power cut leaves the old file or the whole new one.
func writeAtomic(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".halld-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// nightly keeps one backup per hall day in dir (a USB stick, say), written
// after 02:00, and the newest keep of them.
type nightly struct {
	dir  string
	keep int
	last string // day of the last backup
}

func (n *nightly) due(e *queue.Engine, now time.Time) bool {
	if n.dir == "" {
		return false
	}
	h := e.Hall()
	return h.Day(now) != n.last && h.MinuteOfDay(now) >= 2*60
}

func (n *nightly) run(e *queue.Engine, now time.Time) error {
	day := e.Hall().Day(now)
	path := filepath.Join(n.dir, "halld-"+strings.ReplaceAll(day, "-", "")+".db")
	if err := writeAtomic(path, func(w io.Writer) error { _, err := e.Backup(w); return err }); err != nil {
		return err
	}
	n.last = day
	old, _ := filepath.Glob(filepath.Join(n.dir, "halld-*.db"))
	slices.Sort(old)
	for len(old) > n.keep {
		os.Remove(old[0])
		old = old[1:]
	}
	return nil
}

// newestBackup names the newest backup in dir, for the message when the
// database is damaged.
func newestBackup(dir string) string {
	if dir == "" {
		return ""
	}
	all, _ := filepath.Glob(filepath.Join(dir, "halld-*.db"))
	if len(all) == 0 {
		return ""
	}
	slices.Sort(all)
	return all[len(all)-1]
}
