package gbk

import (
	"reflect"
	"testing"
)

func TestPrintableWidthTruncate(t *testing.T) {
	q := NewEncoder(GBK, 0, 0)
	box := NewEncoder(GB2312, '?', '□')
	tests := []struct {
		name      string
		e         *Encoder
		in        string
		printable string
		width     int
	}{
		{"ascii", q, "A001", "A001", 4},
		{"chinese", q, "政务服务中心", "政务服务中心", 12},
		{"controls", q, "a\tb\x1b", "a b?", 4},
		{"narrow replacement of wide", q, "😀", "?", 1},
		{"wide replacement keeps width", box, "朱镕基", "朱□基", 6},
		{"empty", q, "", "", 0},
	}
	for _, tt := range tests {
		if got := tt.e.Printable(tt.in); got != tt.printable {
			t.Errorf("%s: Printable = %q, want %q", tt.name, got, tt.printable)
		}
		if got := tt.e.Width(tt.in); got != tt.width {
			t.Errorf("%s: Width = %d, want %d", tt.name, got, tt.width)
		}
	}
	truncs := []struct {
		name, got, want string
	}{
		{"truncate never splits a char", q.Truncate("a政务", 4), "a政"},
		{"truncate fits", q.Truncate("a政务", 5), "a政务"},
		{"truncate to nothing", q.Truncate("政务", 1), ""},
		{"truncate the printable form", box.Truncate("朱镕基\n", 5), "朱□"},
	}
	for _, tt := range truncs {
		if tt.got != tt.want {
			t.Errorf("%s: got %q want %q", tt.name, tt.got, tt.want)
		}
	}
	for r, want := range map[rune]int{'a': 1, ' ': 1, '请': 2, '□': 2, '\uFFFD': 2} {
		if got := RuneWidth(r); got != want {
			t.Errorf("RuneWidth(%q) = %d, want %d", r, got, want)
		}
	}
}

func TestRows(t *testing.T) {
	b := Encode("ab请进") // 2 + 2 + 2 = 6 cells
	tests := []struct {
		cols int
		want []string
	}{
		{6, []string{"ab请进"}},
		{4, []string{"ab请", "进"}},
		{3, []string{"ab", "请", "进"}}, // 请 would straddle the edge
		{0, []string{"ab请进"}},
	}
	for _, tt := range tests {
		var got []string
		for _, r := range Rows(b, tt.cols) {
			got = append(got, Decode(r))
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Rows(%d) = %q, want %q", tt.cols, got, tt.want)
		}
	}
}
