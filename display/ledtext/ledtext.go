// Package ledtext decides what the hall's LED boards say: a window bar
// shows its current call or its state, a hall board scrolls the latest
// calls. It is pure content — lines of text — so the same decisions serve
// every board protocol and the simulators.
//
// Caveat: lines are sized for the common 192×32 window bar (two rows of
// twelve 16-pixel characters); longer lines are left to the board's own
// scrolling or cut by the driver.
package ledtext

import (
	"fmt"

	"halld/queue"
)

// Window returns the two lines a window bar shows for w.
func Window(w queue.WindowView) []string {
	head := fmt.Sprintf("%d号窗口", w.Number)
	switch {
	case w.State == queue.WindowPaused:
		return []string{head, "暂停服务"}
	case w.State == queue.WindowClosed:
		return []string{head, "暂停服务"}
	case w.Current == nil:
		return []string{head, "欢迎光临"}
	case w.Current.State == queue.Called:
		return []string{w.Current.Number, fmt.Sprintf("请到%d号窗口", w.Number)}
	default:
		return []string{w.Current.Number, "正在办理"}
	}
}

// Call is one announced call for a hall board.
type Call struct {
	Number string
	Window int
}

// Hall returns the lines of a hall board showing the latest calls, newest
// first, at most rows lines. recent is in call order; a number called
// again (a recall, a no-show called back) shows once, at its latest call.
func Hall(recent []Call, rows int) []string {
	if len(recent) == 0 {
		return []string{"欢迎光临"}
	}
	var out []string
	shown := map[string]bool{}
	for i := len(recent) - 1; i >= 0 && len(out) < rows; i-- {
		c := recent[i]
		if shown[c.Number] {
			continue
		}
		shown[c.Number] = true
		out = append(out, fmt.Sprintf("%s 请到%d号窗口", c.Number, c.Window))
	}
	return out
}
