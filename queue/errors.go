package queue

import (
	"errors"
	"fmt"
	"time"
)

// Kinds of failure. Every error a verb returns wraps one of these and is an
// *Error carrying an English code for programs and a Chinese message for
// people.
var (
	ErrBadInput    = errors.New("queue: bad input")
	ErrNotFound    = errors.New("queue: not found")
	ErrConflict    = errors.New("queue: not allowed now")
	ErrAuth        = errors.New("queue: not authenticated")
	ErrForbidden   = errors.New("queue: forbidden")
	ErrUnavailable = errors.New("queue: unavailable")
	ErrClosed      = errors.New("queue: engine closed")
)

// Error is a refusal with a stable code and a message for people.
type Error struct {
	Kind    error  // one of the Err* kinds above
	Code    string // e.g. "cap_reached"
	Message string // Chinese, shown to applicants and clerks
	// RetryAfter, when set, is how long the caller should wait before
	// trying again (a locked login, an overloaded hall).
	RetryAfter time.Duration
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }
func (e *Error) Unwrap() error { return e.Kind }

func refuse(kind error, code, format string, args ...any) *Error {
	return &Error{Kind: kind, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Common refusals.
var (
	errNoTicket  = func() error { return refuse(ErrNotFound, "ticket_not_found", "没有这个号") }
	errNobody    = func() error { return refuse(ErrNotFound, "nobody_waiting", "当前没有等候的号") }
	errNoCurrent = func() error {
		return refuse(ErrConflict, "no_current_ticket", "本窗口当前没有正在叫号或办理的号")
	}
	errWindowBusy = func() error {
		return refuse(ErrConflict, "window_busy", "请先办结、过号、挂起或转移当前的号")
	}
	errPaused = func() error {
		return refuse(ErrConflict, "window_paused", "窗口暂停服务中，请先恢复服务")
	}
	errBadSession  = func() error { return refuse(ErrAuth, "session_invalid", "登录已失效，请重新登录") }
	errWrongWindow = func() error { return refuse(ErrForbidden, "wrong_window", "只能操作本人登录的窗口") }
	errUntrusted   = func() error {
		return refuse(ErrUnavailable, "clock_untrusted", "系统时间尚未校准，请稍候再试")
	}
	errUnsynced = func() error {
		return refuse(ErrUnavailable, "clock_unsynced", "大厅正在启动（等待时间校准），请稍候")
	}
)

func errState(t *Ticket, want string) error {
	return refuse(ErrConflict, "bad_state", "%s 当前状态为「%s」，不能%s", t.Number, t.State.Chinese(), want)
}
