package voice

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestCardinalClips(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{1, "yi"}, {3, "san"}, {9, "jiu"},
		{10, "shi"}, {11, "shi yi"}, {12, "shi er"}, {19, "shi jiu"},
		{20, "er shi"}, {21, "er shi yi"}, {99, "jiu shi jiu"},
		{100, "yi bai"}, {101, "yi bai ling yi"}, {102, "yi bai ling er"},
		{110, "yi bai yi shi"}, {111, "yi bai yi shi yi"}, {120, "yi bai er shi"},
		{999, "jiu bai jiu shi jiu"},
		{1000, "yi qian"}, {1001, "yi qian ling yi"}, {1010, "yi qian ling yi shi"},
		{1100, "yi qian yi bai"}, {1234, "yi qian er bai san shi si"},
		{2005, "er qian ling wu"}, {9999, "jiu qian jiu bai jiu shi jiu"},
	}
	for _, tt := range tests {
		got, err := CardinalClips(tt.n)
		if err != nil {
			t.Errorf("CardinalClips(%d): %v", tt.n, err)
			continue
		}
		if s := strings.Join(got, " "); s != tt.want {
			t.Errorf("CardinalClips(%d) = %q, want %q", tt.n, s, tt.want)
		}
	}
	for _, n := range []int{0, -1, 10000} {
		if _, err := CardinalClips(n); !errors.Is(err, ErrBadCall) {
			t.Errorf("CardinalClips(%d) err = %v, want ErrBadCall", n, err)
		}
	}
}

func TestTicketClips(t *testing.T) {
	tests := []struct {
		ticket string
		want   string
	}{
		{"A001", "A ling ling yi"},
		{"B102", "B yi ling er"},
		{"z9", "Z jiu"},
		{"0123456789", "ling yi er san si wu liu qi ba jiu"},
		{"AB12", "A B yi er"},
	}
	for _, tt := range tests {
		got, err := TicketClips(tt.ticket)
		if err != nil || strings.Join(got, " ") != tt.want {
			t.Errorf("TicketClips(%q) = %q, %v; want %q", tt.ticket, strings.Join(got, " "), err, tt.want)
		}
	}
	for _, bad := range []string{"", "A-01", "A 01", "Ａ001", "号", strings.Repeat("1", 17)} {
		if _, err := TicketClips(bad); !errors.Is(err, ErrBadCall) {
			t.Errorf("TicketClips(%q) err = %v, want ErrBadCall", bad, err)
		}
	}
}

// TestCallClips is the golden clip sequence of whole calls.
func TestCallClips(t *testing.T) {
	tests := []struct {
		ticket string
		window int
		want   string
	}{
		{"A001", 3, "chime qing A ling ling yi hao dao san hao chuangkou banli"},
		{"B102", 12, "chime qing B yi ling er hao dao shi er hao chuangkou banli"},
		{"C020", 10, "chime qing C ling er ling hao dao shi hao chuangkou banli"},
		{"K999", 20, "chime qing K jiu jiu jiu hao dao er shi hao chuangkou banli"},
		{"A100", 102, "chime qing A yi ling ling hao dao yi bai ling er hao chuangkou banli"},
	}
	for _, tt := range tests {
		got, err := CallClips(tt.ticket, tt.window)
		if err != nil || strings.Join(got, " ") != tt.want {
			t.Errorf("CallClips(%q, %d) = %q, %v\nwant %q", tt.ticket, tt.window, strings.Join(got, " "), err, tt.want)
		}
		s, _ := SentenceClips(tt.ticket, tt.window)
		if !slices.Equal(s, got[1:]) {
			t.Errorf("SentenceClips(%q, %d) = %v, want CallClips without chime", tt.ticket, tt.window, s)
		}
	}
	if _, err := CallClips("A001", 0); !errors.Is(err, ErrBadCall) {
		t.Errorf("window 0: err = %v", err)
	}
	if _, err := CallClips("A-1", 3); !errors.Is(err, ErrBadCall) {
		t.Errorf("bad ticket: err = %v", err)
	}
}
