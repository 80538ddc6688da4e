package agent

import (
	"fmt"
	"strings"

	"halld/equip"
	"halld/queue"
)

// A board's token lets it deliver presses only for the keypads and buttons
// the hall's own file says are wired to it (transport "agent", board =
// its name): a keypad rates only services finished at its window, a
// button issues only its service. Anything else is refused (exactly once,
// like any refused press) with device_not_on_board, so a board's token,
// taken from its SD card, cannot rate or issue for the rest of the hall.

// boardDevices is what the hall's file wires to one board.
type boardDevices struct {
	keypads map[string]int    // keypad id → its window
	buttons map[string]string // button id → its service
}

// Bind sets the boards' keypads and buttons from the hub's device map (its
// entries with transport "agent"). Call it before serving: a board with
// none delivers no presses.
func (h *Hub) Bind(cfg equip.Config) {
	m := map[string]*boardDevices{}
	of := func(board string) *boardDevices {
		if m[board] == nil {
			m[board] = &boardDevices{keypads: map[string]int{}, buttons: map[string]string{}}
		}
		return m[board]
	}
	for _, k := range cfg.Keypads {
		if k.Transport == equip.Agent {
			of(k.Board).keypads[k.ID] = k.Window
		}
	}
	for _, b := range cfg.Buttons {
		if b.Transport == equip.Agent {
			of(b.Board).buttons[b.ID] = b.Service
		}
	}
	h.mu.Lock()
	h.wired = m
	h.mu.Unlock()
}

// check returns the refusal of a press the hall's file does not give
// board, or nil.
func (h *Hub) check(board string, p queue.Press) *queue.Refusal {
	h.mu.Lock()
	wired := h.wired[board]
	h.mu.Unlock()
	notOurs := func(what string) *queue.Refusal {
		return &queue.Refusal{Code: "device_not_on_board", Message: fmt.Sprintf("%s不是设备板 %s 上登记的设备", what, board)}
	}
	switch p.Kind {
	case queue.PressIssue:
		svc, ok := "", false
		if wired != nil {
			svc, ok = wired.buttons[p.Device]
		}
		switch {
		case !ok:
			return notOurs(fmt.Sprintf("取号按键 %q ", p.Device))
		case svc != p.Service:
			return &queue.Refusal{Code: "device_not_on_board", Message: fmt.Sprintf("取号按键 %s 只出本按键的业务号", p.Device)}
		}
	case queue.PressEvaluation:
		window, ok := 0, false
		if wired != nil {
			window, ok = wired.keypads[p.Device]
		}
		if !ok {
			return notOurs(fmt.Sprintf("评价器 %q ", p.Device))
		}
		if at, known := h.finishedAt(p.Ref); known && at != window {
			return &queue.Refusal{Code: "device_not_on_board", Message: fmt.Sprintf("%d号窗口的评价器不能评价%d号窗口的服务", window, at)}
		}
	}
	return nil
}

// finishedAt is the window that served ref (a ticket id, or a case's 办结
// node); known is false when the hall has no such ticket or case, which
// the engine then refuses itself.
func (h *Hub) finishedAt(ref string) (window int, known bool) {
	if number, isCase := strings.CutPrefix(ref, queue.CaseNode("")); isCase {
		c, err := h.e.CaseByNumber(number)
		return c.Window, err == nil
	}
	t, err := h.e.Ticket(ref)
	return t.Window, err == nil
}
