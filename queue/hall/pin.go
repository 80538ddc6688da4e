package hall

import (
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// pinIterations trades login latency on a small ARM board (~40 ms) against
// offline guessing; a 4–6 digit PIN cannot be made strong by hashing alone,
// so the file must also stay private.
const pinIterations = 100_000

const pinScheme = "pbkdf2-sha256"

// HashPIN returns a hash string for a staff PIN, for the pin_hash field:
// "pbkdf2-sha256$<iterations>$<salt>$<hash>" in unpadded base64.
func HashPIN(pin string) (string, error) {
	if err := checkPIN(pin); err != nil {
		return "", err
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	return hashWith(pin, salt, pinIterations)
}

func hashWith(pin string, salt []byte, iter int) (string, error) {
	key, err := pbkdf2.Key(sha256.New, pin, salt, iter, 32)
	if err != nil {
		return "", err
	}
	enc := base64.RawStdEncoding
	return fmt.Sprintf("%s$%d$%s$%s", pinScheme, iter, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

func checkPIN(pin string) error {
	if len(pin) < 4 || len(pin) > 12 {
		return errors.New("a PIN has 4 to 12 digits")
	}
	for _, r := range pin {
		if r < '0' || r > '9' {
			return errors.New("a PIN has digits only")
		}
	}
	return nil
}

type pinHash struct {
	iter int
	salt []byte
	key  []byte
}

func parsePINHash(s string) (pinHash, error) {
	parts := strings.Split(s, "$")
	if len(parts) != 4 || parts[0] != pinScheme {
		return pinHash{}, fmt.Errorf("not a %s$iterations$salt$hash string", pinScheme)
	}
	iter, err := strconv.Atoi(parts[1])
	if err != nil || iter < 1000 || iter > 10_000_000 {
		return pinHash{}, errors.New("bad iteration count")
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[2])
	key, err2 := base64.RawStdEncoding.DecodeString(parts[3])
	if err1 != nil || err2 != nil || len(salt) < 8 || len(key) != 32 {
		return pinHash{}, errors.New("bad salt or hash encoding")
	}
	return pinHash{iter, salt, key}, nil
}

func checkPINHash(s string) error {
	_, err := parsePINHash(s)
	return err
}

// CheckPIN reports whether pin matches the staff member's stored hash.
func (s *Staff) CheckPIN(pin string) bool {
	ph, err := parsePINHash(s.PINHash)
	if err != nil || checkPIN(pin) != nil {
		return false
	}
	key, err := pbkdf2.Key(sha256.New, pin, ph.salt, ph.iter, 32)
	return err == nil && subtle.ConstantTimeCompare(key, ph.key) == 1
}

// MinPINDigits is the shortest PIN HashPIN's policy (PINPolicy) accepts.
// The demo hall's 1234 predates it and works only there.
const MinPINDigits = 6

// PINPolicy says why pin is too weak for a real hall, or nil: shorter
// than MinPINDigits, or trivial — one digit repeated, a run up or down
// (123456, 987654, 890123), or a shorter block repeated (121212, 123123).
// `halld hash-pin` applies it; logins only warn (see the queue package),
// so a hall's existing PINs keep working after an upgrade.
func PINPolicy(pin string) error {
	if err := checkPIN(pin); err != nil {
		return err
	}
	if len(pin) < MinPINDigits {
		return fmt.Errorf("a PIN needs at least %d digits", MinPINDigits)
	}
	up, down := true, true
	for i := 1; i < len(pin); i++ {
		d := (int(pin[i]) - int(pin[i-1]) + 10) % 10
		up = up && d == 1
		down = down && d == 9
	}
	if up || down {
		return errors.New("a PIN must not be a run of digits such as 123456")
	}
	for p := 1; p <= len(pin)/2; p++ {
		if strings.Repeat(pin[:p], len(pin)/p+1)[:len(pin)] == pin {
			return errors.New("a PIN must not repeat a digit or a short pattern such as 000000 or 121212")
		}
	}
	return nil
}

// demoPINHash is the demo hall's published hash of PIN 1234.
const demoPINHash = "pbkdf2-sha256$100000$Obo7can94RPwuc2XwiR/Gw$qY0IP3+TMIpMJ7tF6k5r9Vx1EJFd9EjaZtyZtk+AOuE"

// CheckPublishedPINs refuses a hall whose staff use the demo's published
// PIN hash (PIN 1234, copied with the demo file or an example): the daemon
// calls it for every hall file it runs, never for the built-in demo. The
// error names the field.
func (h *Hall) CheckPublishedPINs() error {
	for i, s := range h.Config.Staff {
		if ph, err := parsePINHash(s.PINHash); err == nil && ph.same(demoPINHash) {
			return fmt.Errorf("%w: %s: staff[%d].pin_hash: %s uses the demo hall's published PIN 1234; make their own with: halld hash-pin",
				ErrInvalid, h.name, i, s.ID)
		}
	}
	return nil
}

func (p pinHash) same(s string) bool {
	q, err := parsePINHash(s)
	return err == nil && string(p.salt) == string(q.salt) && string(p.key) == string(q.key)
}
