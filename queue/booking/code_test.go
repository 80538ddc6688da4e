package booking

import (
	"strings"
	"testing"
)

func TestNewCodeIsFromTheAlphabet(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		c := newCode()
		if normCode(c) != c || seen[c] {
			t.Fatalf("code %q (repeat %t)", c, seen[c])
		}
		seen[c] = true
	}
}

// FuzzTypedInput: what a phone or kiosk sends as a code or a slot time is
// either refused or normalised to a valid one; never a panic.
func FuzzTypedInput(f *testing.F) {
	for _, s := range []string{"8rbv-h4vp", "8RBVH4VP", " ABCD EFGH ", "O0I1ABCD", "09:30", "24:00", "9:30", "99:99", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if c := normCode(s); c != "" {
			if len(c) != codeLen || strings.Trim(c, codeAlphabet) != "" || normCode(c) != c {
				t.Fatalf("normCode(%q) = %q", s, c)
			}
		}
		if m, ok := parseClock(s); ok && (m < 0 || m > 24*60+59 || clock(m) != s) {
			t.Fatalf("parseClock(%q) = %d", s, m)
		}
	})
}
