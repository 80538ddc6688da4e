package queue

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// The key file holds halld's secrets outside the database, so that the
// database and its backups alone reveal no personal data: 64 random bytes,
// the first 32 keying the HMAC of ID numbers (duplicate-ticket checks)
// and ticket QR keys, the last 32 the AES-256-GCM sealing of case
// applicants. It is created 0600 at the first start. Losing it makes the
// sealed applicants unreadable and the day's duplicate checks forget; keep
// a copy apart from the backups (see docs/SECURITY-data.md).
type keys struct {
	mac  []byte
	aead cipher.AEAD
}

// KeyFile is where a database's key file lives by default: beside the data
// directory, named after it (/var/lib/halld → /var/lib/halld.key), so a
// copy of the data directory or of the database does not carry it.
func KeyFile(dbPath string) string {
	abs, err := filepath.Abs(dbPath)
	if err != nil {
		abs = dbPath
	}
	return filepath.Dir(abs) + ".key"
}

const keyFileSize = 64

// ErrKey means the key file is missing or is not the one this database's
// personal data was sealed with (a backup restored on another machine).
var ErrKey = errors.New("queue: the key file does not belong to this database")

// loadKeys reads the key file at path; when there is none, it creates one
// if create is set, and refuses otherwise.
func loadKeys(path string, create bool) (*keys, error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if !create {
			return nil, fmt.Errorf("%w: %s is missing; put the hall's key file there (see docs/SECURITY-data.md)", ErrKey, path)
		}
		raw, err = createKeyFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("queue: key file: %w", err)
	}
	if len(raw) != keyFileSize {
		return nil, fmt.Errorf("queue: key file %s: %d bytes, want %d", path, len(raw), keyFileSize)
	}
	block, err := aes.NewCipher(raw[32:])
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &keys{mac: raw[:32], aead: aead}, nil
}

// needsNewKey reports whether a database may get a new key file: one
// holding no sealed data (new, or without cases), or one from before key
// files (its key still in meta). A database with cases sealed with a key
// file must get that file back, not a new one. (Without cases, a new key
// costs only the QR keys and duplicate checks of the day's live tickets.)
func needsNewKey(db *bolt.DB) bool {
	create := true
	viewDB(db, func(tx *bolt.Tx) error {
		mb, cb := tx.Bucket(bMeta), tx.Bucket(bCases)
		if mb == nil || cb == nil {
			return nil
		}
		var m meta
		if raw := mb.Get(keyMeta); raw != nil && json.Unmarshal(raw, &m) == nil && len(m.Secret) > 0 {
			return nil
		}
		if k, _ := cb.Cursor().First(); k != nil {
			create = false
		}
		return nil
	})
	return create
}

// createKeyFile writes a new key file, synced (with its directory) before
// anything is sealed with it.
func createKeyFile(path string) ([]byte, error) {
	raw := make([]byte, keyFileSize)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	if _, err := f.Write(raw); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return raw, nil
}

// hash is the keyed hash of s, hex.
func (k *keys) hash(s string) string {
	m := hmac.New(sha256.New, k.mac)
	m.Write([]byte(s))
	return hex.EncodeToString(m.Sum(nil))
}

// seal encrypts plain, bound to label (the record's key, so a sealed value
// cannot be moved to another record): nonce || ciphertext.
func (k *keys) seal(plain []byte, label string) []byte {
	nonce := make([]byte, k.aead.NonceSize(), k.aead.NonceSize()+len(plain)+k.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		panic(err) // crypto/rand does not fail on Linux
	}
	return k.aead.Seal(nonce, nonce, plain, []byte(label))
}

// open decrypts what seal made for label.
func (k *keys) open(sealed []byte, label string) ([]byte, error) {
	n := k.aead.NonceSize()
	if len(sealed) < n {
		return nil, errors.New("sealed value too short")
	}
	return k.aead.Open(nil, sealed[:n], sealed[n:], []byte(label))
}
