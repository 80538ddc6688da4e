package idnum

import (
	"errors"
	"testing"
	"time"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"valid, digit check", "110101199003074514", nil},
		{"valid, X check", "11010519491231002X", nil},
		{"digit where X belongs", "110105194912310000", ErrCheck},
		{"bad check", "110105194912310021", ErrCheck},
		{"bad check digit off by one", "110101199003074515", ErrCheck},
		{"lower x not normalized", "11010519491231002x", ErrChar},
		{"X inside", "1101051949123100X2", ErrChar},
		{"letter", "11010519491231A02X", ErrChar},
		{"17 chars", "11010519491231002", ErrLength},
		{"19 chars", "11010519491231002X1", ErrLength},
		{"15-digit old number", "110105491231002", ErrLength},
		{"empty", "", ErrLength},
		{"13th month", mustMake(t, "11010519491331002"), ErrBirth},
		{"30 February", mustMake(t, "11010520000230002"), ErrBirth},
		{"29 February of a leap year", mustMake(t, "11010520000229002"), nil},
		{"29 February of 1900", mustMake(t, "11010519000229002"), ErrBirth},
		{"born 1899", mustMake(t, "11010518991231002"), ErrBirth},
		{"day zero", mustMake(t, "11010519490100002"), ErrBirth},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Check(tc.in)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("Check(%q) = %v, want %v", tc.in, err, tc.want)
			}
		})
	}
}

func TestCheckAtFuture(t *testing.T) {
	id := mustMake(t, "11010520300101002")
	if err := Check(id); err != nil {
		t.Fatalf("Check: %v", err)
	}
	today := time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC)
	if err := CheckAt(id, today); !errors.Is(err, ErrBirth) {
		t.Fatalf("born in 2030, checked in 2026: %v", err)
	}
	born := mustMake(t, "11010520261202002")
	if err := CheckAt(born, today); err != nil {
		t.Fatalf("born today: %v", err)
	}
}

// The weights are 2^(17-i) mod 11 and the check character makes the
// weighted sum, with X as 10, congruent to 1 mod 11: verify both from
// their definitions rather than against the table.
func TestCheckCharDefinition(t *testing.T) {
	for i, w := range weights {
		p := 1
		for j := 0; j < 17-i; j++ {
			p = p * 2 % 11
		}
		if w != p {
			t.Errorf("weight %d = %d, want %d", i, w, p)
		}
	}
	for _, pre := range []string{"11010519491231002", "44030419851015123", "00000000000000000", "99999999999999999"} {
		c, err := CheckChar(pre)
		if err != nil {
			t.Fatal(err)
		}
		v := int(c - '0')
		if c == 'X' {
			v = 10
		}
		sum := v
		for i := 0; i < 17; i++ {
			sum += int(pre[i]-'0') * weights[i] // v's weight is 2^0 = 1
		}
		if sum%11 != 1 {
			t.Errorf("%s%c: sum mod 11 = %d, want 1", pre, c, sum%11)
		}
	}
}

func TestNormalizeAndValid(t *testing.T) {
	if got := Normalize(" 11010519491231002x\n"); got != "11010519491231002X" {
		t.Fatalf("Normalize = %q", got)
	}
	if !Valid(" 11010519491231002x") || Valid("110105194912310021") {
		t.Fatal("Valid disagrees with Check")
	}
	if _, err := Make("1101051949123100"); !errors.Is(err, ErrLength) {
		t.Fatalf("Make short: %v", err)
	}
	if _, err := Make("1101051949123100A"); !errors.Is(err, ErrChar) {
		t.Fatalf("Make letter: %v", err)
	}
}

func mustMake(t *testing.T, prefix string) string {
	t.Helper()
	s, err := Make(prefix)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
