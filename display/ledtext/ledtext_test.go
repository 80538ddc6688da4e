package ledtext

import (
	"slices"
	"testing"

	"halld/queue"
)

func TestWindow(t *testing.T) {
	called := &queue.TicketView{Number: "A001", State: queue.Called}
	serving := &queue.TicketView{Number: "A001", State: queue.Serving}
	tests := []struct {
		name string
		w    queue.WindowView
		want []string
	}{
		{"called", queue.WindowView{Number: 3, State: queue.WindowOpen, Current: called}, []string{"A001", "请到3号窗口"}},
		{"serving", queue.WindowView{Number: 3, State: queue.WindowOpen, Current: serving}, []string{"A001", "正在办理"}},
		{"idle", queue.WindowView{Number: 12, State: queue.WindowOpen}, []string{"12号窗口", "欢迎光临"}},
		{"paused", queue.WindowView{Number: 3, State: queue.WindowPaused, PauseReason: "午休"}, []string{"3号窗口", "暂停服务"}},
		{"closed", queue.WindowView{Number: 3, State: queue.WindowClosed}, []string{"3号窗口", "暂停服务"}},
	}
	for _, tc := range tests {
		if got := Window(tc.w); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestHall(t *testing.T) {
	tests := []struct {
		name  string
		calls []Call
		rows  int
		want  []string
	}{
		{"newest first", []Call{{"A001", 3}, {"B002", 5}, {"C003", 1}}, 2, []string{"C003 请到1号窗口", "B002 请到5号窗口"}},
		{"empty", nil, 2, []string{"欢迎光临"}},
		{"recalled once", []Call{{"A001", 3}, {"A002", 4}, {"A001", 3}}, 3, []string{"A001 请到3号窗口", "A002 请到4号窗口"}},
		{"no-show called back", []Call{{"A001", 3}, {"A002", 3}, {"A003", 4}, {"A001", 4}}, 2, []string{"A001 请到4号窗口", "A003 请到4号窗口"}},
		{"repeats do not take rows", []Call{{"B001", 5}, {"A001", 3}, {"A001", 3}, {"A001", 3}}, 2, []string{"A001 请到3号窗口", "B001 请到5号窗口"}},
	}
	for _, tc := range tests {
		if got := Hall(tc.calls, tc.rows); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
