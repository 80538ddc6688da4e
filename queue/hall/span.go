package hall

import (
	"fmt"
	"strconv"
	"strings"
)

// Span is a [Start, End) interval in minutes since hall-local midnight.
type Span struct{ Start, End int }

// Contains reports whether minute m lies in the span.
func (s Span) Contains(m int) bool { return m >= s.Start && m < s.End }

// ParseSpan parses "HH:MM-HH:MM"; the end may be 24:00.
func ParseSpan(s string) (Span, error) {
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return Span{}, fmt.Errorf("%q is not HH:MM-HH:MM", s)
	}
	start, err := parseClock(a)
	if err != nil {
		return Span{}, fmt.Errorf("%q: %v", s, err)
	}
	end, err := parseClock(b)
	if err != nil {
		return Span{}, fmt.Errorf("%q: %v", s, err)
	}
	if end <= start {
		return Span{}, fmt.Errorf("%q ends before it starts", s)
	}
	return Span{start, end}, nil
}

func parseClock(s string) (int, error) {
	hh, mm, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok || len(hh) != 2 || len(mm) != 2 {
		return 0, fmt.Errorf("bad time %q", s)
	}
	h, err1 := strconv.Atoi(hh)
	m, err2 := strconv.Atoi(mm)
	if err1 != nil || err2 != nil || h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0) {
		return 0, fmt.Errorf("bad time %q", s)
	}
	return h*60 + m, nil
}

// parseSpans parses a day's list and checks the spans are ordered and apart.
func parseSpans(list []string) ([]Span, error) {
	out := make([]Span, 0, len(list))
	for i, s := range list {
		sp, err := ParseSpan(s)
		if err != nil {
			return nil, err
		}
		if i > 0 && sp.Start < out[i-1].End {
			return nil, fmt.Errorf("%q overlaps or precedes the span before it", s)
		}
		out = append(out, sp)
	}
	return out, nil
}

// In reports whether minute m lies in any of the spans.
func In(spans []Span, m int) bool {
	for _, s := range spans {
		if s.Contains(m) {
			return true
		}
	}
	return false
}
