package guide_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"halld/queue"
	"halld/queue/guide"
	"halld/queue/hall"
	"halld/queue/queuetest"
)

func code(err error) string {
	var qe *queue.Error
	if errors.As(err, &qe) {
		return qe.Code
	}
	if err != nil {
		return "error: " + err.Error()
	}
	return ""
}

var estate = guide.Guide{
	Materials: []string{"不动产登记申请书", " 申请人身份证明 ", ""},
	Procedure: []string{"窗口受理", "审核", "登簿发证"},
	TimeLimit: "法定30个工作日，承诺5个工作日",
	Fees:      "住宅80元/件",
	Basis:     []string{"《不动产登记暂行条例》"},
}

func open(t *testing.T, path string) (*queue.Engine, *guide.Guides) {
	t.Helper()
	loc, _ := time.LoadLocation("Asia/Shanghai")
	now := func() time.Time { return time.Date(2026, 11, 23, 10, 0, 0, 0, loc) }
	e := queuetest.OpenAt(t, path, hall.Demo(), queue.Options{Now: now, KeyFile: path + ".keys"})
	g, err := guide.Open(e)
	if err != nil {
		t.Fatal(err)
	}
	return e, g
}

func TestSetGetAndRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "halld.db")
	e, g := open(t, path)
	if v, err := g.Get("estate"); err != nil || v.Version != 0 || len(v.Materials) != 0 || len(v.Windows) == 0 {
		t.Fatalf("before any edit: %+v %v", v, err)
	}
	v, err := g.Set("admin", "estate", estate)
	if err != nil {
		t.Fatal(err)
	}
	if v.Version != 1 || len(v.Materials) != 2 || v.Materials[1] != "申请人身份证明" || v.ServiceName != "不动产登记" || v.UpdatedBy != "admin" {
		t.Fatalf("set: %+v", v)
	}
	if want := e.Hall().ServesWindows("estate"); len(v.Windows) != len(want) {
		t.Fatalf("windows default %v, want %v", v.Windows, want)
	}
	two := estate
	two.Windows = []int{3, 1}
	if v, err = g.Set("centre", "estate", two); err != nil || v.Version != 2 || v.Windows[0] != 1 || v.Windows[1] != 3 {
		t.Fatalf("second edit: %+v %v", v, err)
	}
	e.Close()
	_, g = open(t, path)
	v, _ = g.Get("estate")
	if v.Version != 2 || v.UpdatedBy != "centre" || v.Fees != "住宅80元/件" || len(v.Windows) != 2 {
		t.Fatalf("after restart: %+v", v)
	}
	if n := len(g.List()); n != len(hall.Demo().Services) {
		t.Fatalf("list has %d", n)
	}
}

func TestValidation(t *testing.T) {
	_, g := open(t, filepath.Join(t.TempDir(), "halld.db"))
	long := strings.Repeat("材", 201)
	tests := []struct {
		name    string
		service string
		edit    func(*guide.Guide)
		want    string
	}{
		{"unknown service", "nope", func(*guide.Guide) {}, "unknown_service"},
		{"no materials", "estate", func(g *guide.Guide) { g.Materials = []string{" "} }, "missing_materials"},
		{"no procedure", "estate", func(g *guide.Guide) { g.Procedure = nil }, "missing_procedure"},
		{"no time limit", "estate", func(g *guide.Guide) { g.TimeLimit = " " }, "missing_time_limit"},
		{"no fees", "estate", func(g *guide.Guide) { g.Fees = "" }, "missing_fees"},
		{"a line too long", "estate", func(g *guide.Guide) { g.Materials = []string{long} }, "bad_materials"},
		{"too many lines", "estate", func(g *guide.Guide) { g.Basis = make([]string, 41); fill(g.Basis) }, "bad_basis"},
		{"fees too long", "estate", func(g *guide.Guide) { g.Fees = strings.Repeat("元", 501) }, "bad_fees"},
		{"unknown window", "estate", func(g *guide.Guide) { g.Windows = []int{99} }, "bad_windows"},
		{"a window twice", "estate", func(g *guide.Guide) { g.Windows = []int{1, 1} }, "bad_windows"},
		{"fine", "estate", func(*guide.Guide) {}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			gd := estate
			gd.Materials = append([]string(nil), estate.Materials...)
			tc.edit(&gd)
			if _, err := g.Set("admin", tc.service, gd); code(err) != tc.want {
				t.Fatalf("code %q (%v), want %q", code(err), err, tc.want)
			}
		})
	}
}

func fill(s []string) {
	for i := range s {
		s[i] = "第" + string(rune('0'+i%10)) + "条"
	}
}

func TestRefusedEditChangesNothing(t *testing.T) {
	e, g := open(t, filepath.Join(t.TempDir(), "halld.db"))
	g.Set("admin", "estate", estate)
	seq := e.Stats().Seq
	bad := estate
	bad.Fees = ""
	g.Set("admin", "estate", bad)
	if v, _ := g.Get("estate"); v.Version != 1 || v.Fees != estate.Fees || e.Stats().Seq != seq {
		t.Fatalf("after a refused edit: %+v", v)
	}
}
