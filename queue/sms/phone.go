package sms

import (
	"log/slog"
	"regexp"
	"strings"

	"halld/queue"
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

// Phone is a phone number that logs itself masked.
type Phone string

// LogValue masks the number in logs.
func (p Phone) LogValue() slog.Value { return slog.StringValue(queue.MaskPhone(string(p))) }
