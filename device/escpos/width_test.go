package escpos

import (
	"reflect"
	"testing"
)

func TestWrap(t *testing.T) {
	e := NewEncoder(GBK, 0)
	tests := []struct {
		in   string
		cols int
		want []string
	}{
		{"请携带身份证及相关材料按时办理业务", 16, []string{"请携带身份证及相", "关材料按时办理业", "务"}},
		{"温馨提示：过号无效", 7, []string{"温馨提", "示：过", "号无效"}},
		{"hello world foo", 11, []string{"hello world", "foo"}},
		{"hello world foo", 8, []string{"hello", "world", "foo"}},
		{"abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"A001号 please wait", 10, []string{"A001号", "please", "wait"}},
		{"一\n二", 32, []string{"一", "二"}},
		{"", 32, []string{""}},
		{"中", 1, []string{"中"}}, // cols < 2 is treated as 2
	}
	for _, tt := range tests {
		got := e.Wrap(tt.in, tt.cols)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Wrap(%q, %d) = %q, want %q", tt.in, tt.cols, got, tt.want)
		}
	}
}

func TestCenterJustifyTruncate(t *testing.T) {
	e := NewEncoder(GBK, 0)
	tests := []struct {
		name, got, want string
	}{
		{"center ascii", e.Center("A001", 32), "              A001"},
		{"center chinese", e.Center("政务服务中心", 16), "  政务服务中心"},
		{"center too wide", e.Center("政务服务中心", 5), "政务"},
		{"truncate never splits a char", e.Truncate("a政务", 4), "a政"},
		{"justify", e.Justify("窗口", "3号", 16), "窗口         3号"},
		{"justify truncates left", e.Justify("等候人数很多", "12人", 10), "等候  12人"},
		{"justify right only", e.Justify("x", "0123456789", 10), "0123456789"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestPaper(t *testing.T) {
	for _, tt := range []struct {
		mm        int
		dots      int
		cols, big int
	}{{58, 384, 32, 16}, {80, 576, 48, 24}} {
		p, err := PaperByWidth(tt.mm)
		if err != nil || p.Dots != tt.dots || p.Cols(1) != tt.cols || p.Cols(2) != tt.big {
			t.Errorf("%d mm: %+v %v", tt.mm, p, err)
		}
	}
	if _, err := PaperByWidth(76); err == nil {
		t.Error("76 mm accepted")
	}
}

// FuzzWrap: no wrapped line is ever wider than the paper.
func FuzzWrap(f *testing.F) {
	f.Add("请携带身份证 and documents 及相关材料", 16)
	f.Add("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 1)
	f.Fuzz(func(t *testing.T, s string, cols int) {
		cols = cols%64 + 2
		if cols < 2 {
			cols += 64
		}
		e := NewEncoder(GBK, '□')
		for _, l := range e.Wrap(s, cols) {
			if e.Width(l) > cols {
				t.Fatalf("line %q is %d > %d", l, e.Width(l), cols)
			}
		}
		if w := e.Width(e.Center(s, cols)); w > cols {
			t.Fatalf("centred is %d > %d", w, cols)
		}
	})
}
