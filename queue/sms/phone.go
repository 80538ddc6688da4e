package sms

import (
	"log/slog"
	"regexp"
	"strings"
)

// mobile is a mainland China mobile number (11 digits, 13x…19x).
var mobile = regexp.MustCompile(`^1[3-9][0-9]{9}$`)

// NormalPhone returns the 11-digit form of a mainland mobile number given
// with spaces, dashes or a +86 / 0086 prefix, and whether it is one.
func NormalPhone(s string) (string, bool) {
	s = strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(s))
	for _, p := range []string{"+86", "0086"} {
		if rest, ok := strings.CutPrefix(s, p); ok && len(rest) == 11 {
			s = rest
		}
	}
	return s, mobile.MatchString(s)
}

// Mask shows a phone as 138****8000: the first three and last four
// digits of an 11-digit number; anything else all stars but the last two.
func Mask(s string) string {
	if len(s) == 11 {
		return s[:3] + "****" + s[7:]
	}
	if len(s) <= 2 {
		return strings.Repeat("*", len(s))
	}
	return strings.Repeat("*", len(s)-2) + s[len(s)-2:]
}

// Phone is a phone number that logs itself masked.
type Phone string

// LogValue masks the number in logs.
func (p Phone) LogValue() slog.Value { return slog.StringValue(Mask(string(p))) }
