package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"halld/queue"
	"halld/queue/hall"
	"halld/queue/queuetest"
)

// TestBackupAndRestore: an admin takes an online backup of a running hall;
// it is restored into another data directory, and a halld started there
// knows the ticket. A damaged database stops halld with a message naming
// the newest backup.
func TestBackupAndRestore(t *testing.T) {
	d := startDaemon(t)
	_, tk := d.post(t, "/api/v1/tickets", "", `{"service":"tax"}`)
	_, m := d.post(t, "/api/v1/login", "", `{"staff":"admin","pin":"1234"}`)
	req, _ := http.NewRequest("GET", d.base+"/api/v1/admin/backup", nil)
	req.Header.Set("Authorization", "Bearer "+m["token"].(string))
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("backup: %v %v", resp, err)
	}
	backups := t.TempDir()
	file := filepath.Join(backups, "halld-20261123.db")
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	os.WriteFile(file, raw, 0o600)

	// A clerk may not take backups.
	_, c := d.post(t, "/api/v1/login", "", `{"staff":"w1","pin":"1234","window":1}`)
	req.Header.Set("Authorization", "Bearer "+c["token"].(string))
	if resp, _ := http.DefaultClient.Do(req); resp.StatusCode != 403 {
		t.Errorf("a clerk's backup answered %d", resp.StatusCode)
	}

	data := t.TempDir()
	var out strings.Builder
	if err := run(context.Background(), []string{"restore", "-data", data, file}, nil, &out, io.Discard); err != nil {
		t.Fatalf("restore: %v", err)
	}
	d2 := startDaemon(t, "-data", data)
	var v struct{ Number string }
	d2.get(t, "/api/v1/tickets/"+tk["id"].(string), &v)
	if v.Number != "F001" {
		t.Errorf("restored hall has ticket %q, want F001", v.Number)
	}

	// Damage: a data directory whose database is garbage.
	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, dbName), []byte(strings.Repeat("not a database ", 5000)), 0o600)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = run(ctx, []string{"-listen", "127.0.0.1:0", "-data", bad, "-backup-dir", backups}, nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "damaged") || !strings.Contains(err.Error(), file) {
		t.Errorf("start on a damaged database: %v", err)
	}
	// A restore refuses a file that is not a halld database.
	if err := run(context.Background(), []string{"restore", "-data", t.TempDir(), filepath.Join(bad, dbName)}, nil, io.Discard, io.Discard); err == nil {
		t.Error("restored from garbage")
	}
}

// TestRestoreVerifiesValues: a backup whose page structure is sound but
// one of whose records no longer decodes is refused by restore (it was
// accepted), and an offline backup of such a database is not written.
func TestRestoreVerifiesValues(t *testing.T) {
	src := filepath.Join(t.TempDir(), dbName) // a stopped hall's database, and a backup of it
	e, err := queue.Open(src, hall.Demo(), queue.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Issue(queue.IssueRequest{Service: "tax", Channel: "kiosk"}); err != nil {
		t.Fatal(err)
	}
	e.Close()
	raw, _ := os.ReadFile(src)
	rec := []byte(`"state":"waiting","issued_at"`)
	if !bytes.Contains(raw, rec) {
		t.Fatal("no ticket record in the file")
	}
	os.WriteFile(src, bytes.ReplaceAll(raw, rec, []byte(`"state":"waiting";"issued_at"`)), 0o600)

	data := t.TempDir()
	var out strings.Builder
	err = run(context.Background(), []string{"restore", "-data", data, src}, nil, &out, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("restore of a backup with a damaged record: %v", err)
	}
	if _, err := os.Stat(filepath.Join(data, dbName)); err == nil {
		t.Error("the damaged backup was restored")
	}
	copyTo := filepath.Join(t.TempDir(), "copy.db")
	err = run(context.Background(), []string{"backup", "-data", filepath.Dir(src), "-o", copyTo}, nil, io.Discard, io.Discard)
	if _, serr := os.Stat(copyTo); err == nil || serr == nil {
		t.Errorf("offline backup of a damaged database: %v", err)
	}
}

// TestRestoreChecksTheKeyFile: a backup whose cases are sealed is restored
// only with the key file that opens them (the hall's, given by -key-file
// on another machine), never silently paired with a new key.
func TestRestoreChecksTheKeyFile(t *testing.T) {
	src := filepath.Join(t.TempDir(), dbName)
	e := queuetest.OpenAt(t, src, hall.Demo(), queue.Options{})
	if _, err := e.CreateCase("api:test", queue.CaseRequest{Service: "tax", Type: queue.CaseInstant,
		Applicant: queue.Applicant{Name: "张三丰"}}); err != nil {
		t.Fatal(err)
	}
	e.Close()
	data := t.TempDir()
	err := run(context.Background(), []string{"restore", "-data", data, src}, nil, io.Discard, io.Discard)
	if !errors.Is(err, queue.ErrKey) {
		t.Errorf("restore without the hall's key file: %v", err)
	}
	err = run(context.Background(), []string{"restore", "-data", data, "-key-file", queue.KeyFile(src), src}, nil, io.Discard, io.Discard)
	if err != nil {
		t.Errorf("restore with the hall's key file: %v", err)
	}
}
