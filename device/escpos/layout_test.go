package escpos

import (
	"reflect"
	"strings"
	"testing"

	"halld/device/gbk"
)

func TestWrap(t *testing.T) {
	e := gbk.NewEncoder(gbk.GBK, 0, 0)
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
		got := Layout{Enc: e, Cols: tt.cols}.Wrap(tt.in)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Wrap(%q, %d) = %q, want %q", tt.in, tt.cols, got, tt.want)
		}
	}
}

func TestCenterJustify(t *testing.T) {
	e := gbk.NewEncoder(gbk.GBK, 0, 0)
	l := func(cols int) Layout { return Layout{Enc: e, Cols: cols} }
	tests := []struct {
		name, got, want string
	}{
		{"center ascii", l(32).Center("A001"), "              A001"},
		{"center chinese", l(16).Center("政务服务中心"), "  政务服务中心"},
		{"center too wide", l(5).Center("政务服务中心"), "政务"},
		{"center nil Enc", Layout{Cols: 6}.Center("a\x1b"), "  a?"},
		{"justify", l(16).Justify("窗口", "3号"), "窗口         3号"},
		{"justify truncates left", l(10).Justify("等候人数很多", "12人"), "等候  12人"},
		{"justify right only", l(10).Justify("x", "0123456789"), "0123456789"},
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
		e := gbk.NewEncoder(gbk.GBK, '□', '□')
		l := Layout{Enc: e, Cols: cols}
		for _, line := range l.Wrap(s) {
			if e.Width(line) > cols {
				t.Fatalf("line %q is %d > %d", line, e.Width(line), cols)
			}
		}
		if w := e.Width(l.Center(s)); w > cols {
			t.Fatalf("centred is %d > %d", w, cols)
		}
	})
}

func TestWrapKeepsClosingPunctuationOffLineStart(t *testing.T) {
	l := Layout{Cols: 10}
	got := l.Wrap("过号顺延（限1次）")
	for _, line := range got[1:] {
		if strings.HasPrefix(line, "）") {
			t.Fatalf("line starts with a closing bracket: %q", got)
		}
	}
	if strings.Join(got, "") != "过号顺延（限1次）" {
		t.Errorf("text lost: %q", got)
	}
}
