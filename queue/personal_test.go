package queue

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// idCheck completes the first 17 characters of an ID number with its
// check character (GB 11643).
func idCheck(s17 string) string {
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := range 17 {
		sum += int(s17[i]-'0') * weights[i]
	}
	return s17 + string("10X98765432"[sum%11])
}

// TestMaskReversalFails replays attack 4: from a backup alone, an attacker
// takes a ticket's stored mask and hash and the HMAC key if the file holds
// one, and tries every birth date (1900–2026) and sequence number, even
// knowing the region. It recovered the number in 0.09 s; now the file holds
// no key and the mask no region or date.
func TestMaskReversalFails(t *testing.T) {
	hs := newHarness(t)
	const id = "11010519491231002X"
	hs.e.Issue(IssueRequest{Service: "a", Channel: "kiosk", IDNumber: id})
	backup := filepath.Join(t.TempDir(), "backup.db")
	f, _ := os.Create(backup)
	if _, err := hs.e.Backup(f); err != nil {
		t.Fatal(err)
	}
	f.Close()

	db, err := bolt.Open(backup, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var tk struct {
		IDHash   string `json:"id_hash"`
		IDMasked string `json:"id_masked"`
	}
	var m struct{ Secret []byte }
	db.View(func(tx *bolt.Tx) error {
		json.Unmarshal(tx.Bucket([]byte("meta")).Get([]byte("meta")), &m)
		return tx.Bucket([]byte("tickets")).ForEach(func(_, v []byte) error { return json.Unmarshal(v, &tk) })
	})
	if strings.Contains(tk.IDMasked, "110105") || strings.Count(strings.Trim(tk.IDMasked, "*"), "") > 5 {
		t.Errorf("stored mask %q keeps more than the last four characters", tk.IDMasked)
	}
	keys := [][]byte{m.Secret, nil}
	match := func(cand string) bool {
		for _, k := range keys {
			h := hmac.New(sha256.New, k)
			h.Write([]byte(cand))
			if hex.EncodeToString(h.Sum(nil)) == tk.IDHash {
				return true
			}
		}
		sum := sha256.Sum256([]byte(cand))
		return hex.EncodeToString(sum[:]) == tk.IDHash
	}
	last4 := tk.IDMasked[len(tk.IDMasked)-4:]
	region := "110105"                                  // the attacker's best case: the region is known
	if len(tk.IDMasked) >= 6 && tk.IDMasked[0] != '*' { // or read from the mask
		region = tk.IDMasked[:6]
	}
	tries := 0
	for d := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2027; d = d.AddDate(0, 0, 1) {
		cand := idCheck(region + d.Format("20060102") + last4[:3])
		if cand[17] != last4[3] {
			continue
		}
		tries++
		if match(cand) {
			t.Fatalf("the ID number was recovered from the backup after %d tries: %s", tries, cand)
		}
	}
	if tries == 0 {
		t.Fatal("the attack tried nothing")
	}
	// The key is in its own file, not in the backup.
	key, err := os.ReadFile(KeyFile(hs.path))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(backup)
	if bytes.Contains(raw, key[:32]) || bytes.Contains(raw, []byte(hex.EncodeToString(key[:32]))) {
		t.Error("the backup holds the key")
	}
	if st, _ := os.Stat(KeyFile(hs.path)); st.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v", st.Mode())
	}
}

// TestCaseApplicantSealedAtRest: names, ID numbers and phones of case
// applicants are not in the database file in clear, and read back whole
// after a restart.
func TestCaseApplicantSealedAtRest(t *testing.T) {
	hs := newHarness(t)
	v := mustCase(t, hs, CaseRequest{Service: "a", Applicant: Applicant{Name: "张三丰", IDNumber: "11010519491231002X", Phone: "13812341234"},
		Type: CasePromised, PromisedDays: 5})
	hs.reopen()
	raw, _ := os.ReadFile(hs.path)
	for _, secret := range []string{"张三丰", "11010519491231002X", "13812341234", "19491231"} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("the database file holds %q in clear", secret)
		}
	}
	k, _ := hs.e.storedCase(v.Number)
	if k == nil || k.Applicant.Name != "张三丰" || k.Applicant.Phone != "13812341234" {
		t.Fatalf("case read back: %+v", k)
	}
	// Another key file cannot read it: the database alone is not enough;
	// and a missing key file is not silently replaced by a new one.
	hs.e.Close()
	other := filepath.Join(t.TempDir(), "other.key")
	if e, err := Open(hs.path, hs.h, Options{Now: hs.clock.Now, KeyFile: other}); !errors.Is(err, ErrKey) {
		if err == nil {
			e.Close()
		}
		t.Errorf("opened with a missing key file: %v", err)
	}
	if _, err := os.Stat(other); err == nil {
		t.Error("a new key file was made for a sealed database")
	}
	loadKeys(other, true) // another hall's key
	if e, err := Open(hs.path, hs.h, Options{Now: hs.clock.Now, KeyFile: other}); !errors.Is(err, ErrKey) {
		if err == nil {
			e.Close()
		}
		t.Errorf("opened with another key file: %v", err)
	}
	if err := CheckKey(hs.path, other); !errors.Is(err, ErrKey) {
		t.Errorf("CheckKey with another key file: %v", err)
	}
	if err := CheckKey(hs.path, KeyFile(hs.path)); err != nil {
		t.Errorf("CheckKey with the right key file: %v", err)
	}
}

// TestMigrationMovesTheKeyOut: a database written before the key file (its
// HMAC key in meta, the old mask, applicants in clear) is migrated at start.
func TestMigrationMovesTheKeyOut(t *testing.T) {
	hs := newHarness(t)
	hs.e.Issue(IssueRequest{Service: "a", Channel: "kiosk", IDNumber: "11010519491231002X"})
	v := mustCase(t, hs, CaseRequest{Service: "a", Applicant: Applicant{Name: "张三丰", Phone: "13812341234"}, Type: CaseInstant})
	hs.e.Close()
	// Rewrite it as the old version stored it.
	db, err := bolt.Open(hs.path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error {
		mb := tx.Bucket(bMeta)
		var m map[string]any
		json.Unmarshal(mb.Get(keyMeta), &m)
		m["secret"] = bytes.Repeat([]byte{7}, 32)
		raw, _ := json.Marshal(m)
		mb.Put(keyMeta, raw)
		tb := tx.Bucket(bTickets)
		var id, rec []byte
		tb.ForEach(func(k, v []byte) error { id, rec = append([]byte(nil), k...), append([]byte(nil), v...); return nil })
		rec = bytes.Replace(rec, []byte(`"**************002X"`), []byte(`"110105********002X"`), 1)
		tb.Put(id, rec)
		cb := tx.Bucket(bCases)
		var c map[string]any
		json.Unmarshal(cb.Get([]byte(v.Number)), &c)
		delete(c, "sealed_applicant")
		c["applicant"] = map[string]string{"name": "张三丰", "phone": "13812341234"}
		raw, _ = json.Marshal(c)
		return cb.Put([]byte(v.Number), raw)
	})
	db.Close()
	hs.open()
	if k, _ := hs.e.storedCase(v.Number); k == nil || k.Applicant.Name != "张三丰" {
		t.Fatalf("migrated case: %+v", k)
	}
	var out bytes.Buffer
	hs.e.Backup(&out)
	for _, s := range []string{`"secret"`, "110105****", `"applicant":{"name":"张三丰"`} {
		if n := bytes.Count(out.Bytes(), []byte(s)); n > 0 { // the file is compacted: no old copies in free pages
			t.Errorf("%q still in the backup %d times", s, n)
		}
	}
	hs.e.db.View(func(tx *bolt.Tx) error {
		if bytes.Contains(tx.Bucket(bMeta).Get(keyMeta), []byte(`"secret"`)) {
			t.Error("meta still holds the key")
		}
		return tx.Bucket(bTickets).ForEach(func(k, v []byte) error {
			if bytes.Contains(v, []byte("110105")) || bytes.Contains(v, []byte("id_hash")) {
				t.Errorf("ticket not migrated: %s", v)
			}
			return nil
		})
	})
}

// TestRetentionPurgesPersonalData: after the retention period the ID data
// of tickets and the applicants of finished cases are erased.
func TestRetentionPurgesPersonalData(t *testing.T) {
	hs := newHarness(t)
	tk := hs.issue("a")
	hs.e.Issue(IssueRequest{Service: "a", Channel: "kiosk", IDNumber: "11010519491231002X"})
	v := mustCase(t, hs, CaseRequest{Service: "a", Applicant: Applicant{Name: "张三丰", Phone: "13812341234", Company: "某某公司"}, Type: CaseInstant})
	hs.e.UpdateCase("w1", v.Number, CaseUpdate{State: CaseDone})
	hs.e.UpdateCase("w1", v.Number, CaseUpdate{State: CasePickedUp})
	hs.jump(monday10.AddDate(0, 0, DefaultRetentionDays-1))
	if k, _ := hs.e.storedCase(v.Number); k.Applicant.Name == "" {
		t.Fatal("purged before the retention period")
	}
	hs.jump(monday10.AddDate(0, 0, DefaultRetentionDays+1))
	k, _ := hs.e.storedCase(v.Number)
	if k.Applicant.Name != "" || k.Applicant.Phone != "" || k.Applicant.Company != "某某公司" || !k.Purged {
		t.Errorf("case after retention: %+v", k.Applicant)
	}
	hs.e.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bTickets).ForEach(func(k, v []byte) error {
			if bytes.Contains(v, []byte("id_")) {
				t.Errorf("ticket after retention: %s", v)
			}
			return nil
		})
	})
	_ = tk
}
