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
	calls := []Call{{"A001", 3}, {"B002", 5}, {"C003", 1}}
	got := Hall(calls, 2)
	want := []string{"C003 请到1号窗口", "B002 请到5号窗口"}
	if !slices.Equal(got, want) {
		t.Errorf("%q, want %q", got, want)
	}
	if got := Hall(nil, 2); !slices.Equal(got, []string{"欢迎光临"}) {
		t.Errorf("empty: %q", got)
	}
}
