package idnum

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Errors from Check; returned errors wrap one of them.
var (
	ErrLength = errors.New("idnum: not 18 characters")
	ErrChar   = errors.New("idnum: not digits and a final check character")
	ErrBirth  = errors.New("idnum: no such birth date")
	ErrCheck  = errors.New("idnum: check character does not match")
)

// weights are 2^(17-i) mod 11 for positions 0…16 (ISO 7064 MOD 11-2).
var weights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// checkChars maps the weighted sum mod 11 to the check character.
const checkChars = "10X98765432"

// CheckChar returns the check character of the first 17 digits of s; s
// must hold at least 17 ASCII digits.
func CheckChar(s string) (byte, error) {
	if len(s) < 17 {
		return 0, fmt.Errorf("%w: %d", ErrLength, len(s))
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("%w: position %d", ErrChar, i+1)
		}
		sum += int(c-'0') * weights[i]
	}
	return checkChars[sum%11], nil
}

// Normalize trims spaces and upper-cases a final x.
func Normalize(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// Check reports whether s (already normalized) is a well-formed resident
// ID number: 18 characters, a real birth date between 1900 and 2100, and
// the right check character.
func Check(s string) error { return CheckAt(s, time.Date(2100, 12, 31, 0, 0, 0, 0, time.UTC)) }

// CheckAt is Check with births after today refused.
func CheckAt(s string, today time.Time) error {
	if len(s) != 18 {
		return fmt.Errorf("%w: %d", ErrLength, len(s))
	}
	want, err := CheckChar(s)
	if err != nil {
		return err
	}
	if c := s[17]; c != 'X' && (c < '0' || c > '9') {
		return fmt.Errorf("%w: position 18", ErrChar)
	}
	if err := birth(s[6:14], today); err != nil {
		return err
	}
	if s[17] != want {
		return ErrCheck
	}
	return nil
}

// birth checks a YYYYMMDD date: it must exist (no 0230) and lie in
// 1900…today.
func birth(ymd string, today time.Time) error {
	t, err := time.Parse("20060102", ymd)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrBirth, ymd)
	}
	y, m, d := today.Date()
	if t.Year() < 1900 || t.After(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)) {
		return fmt.Errorf("%w: %s", ErrBirth, ymd)
	}
	return nil
}

// Valid reports whether s, normalized, passes Check.
func Valid(s string) bool { return Check(Normalize(s)) == nil }

// Make completes a 17-digit prefix with its check character (tests and
// the demo's simulated cards use it to make valid test numbers).
func Make(prefix17 string) (string, error) {
	if len(prefix17) != 17 {
		return "", fmt.Errorf("%w: prefix of %d", ErrLength, len(prefix17))
	}
	c, err := CheckChar(prefix17)
	if err != nil {
		return "", err
	}
	return prefix17 + string(c), nil
}
