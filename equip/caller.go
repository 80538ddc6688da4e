package equip

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"

	"halld/device/caller"
	"halld/device/caller/callersim"
	"halld/device/keypad"
	"halld/device/serialport"
	"halld/device/supervise"
	"halld/queue"
)

// Caller is a window's hardware caller (呼叫器) on an RS-485 line, speaking
// device/caller's default protocol. Callers with the same transport and
// path share one line (one bus, told apart by address).
type Caller struct {
	ID        string `toml:"id" json:"id"`
	Window    int    `toml:"window" json:"window"`
	Transport string `toml:"transport" json:"transport"` // serial or sim
	Path      string `toml:"path" json:"-"`              // serial: the RS-485 port; sim: names the simulated line
	Baud      int    `toml:"baud" json:"-"`              // default 9600
	Address   int    `toml:"address" json:"address"`     // 1…254
	// Evaluator is the address (1…254) of the window's evaluator (评价器)
	// on the same line; its ratings go to the window's keypad of transport
	// "caller". 0: none.
	Evaluator int `toml:"evaluator" json:"evaluator,omitempty"`
	// TransferService is where 转移 sends the current ticket; "" refuses
	// the key (display E03).
	TransferService string `toml:"transfer_service" json:"-"`
	// StaffPrefix goes before the digits typed as the staff number, for
	// halls whose staff ids are not all digits ("w" makes 3 into "w3").
	StaffPrefix string `toml:"staff_prefix" json:"-"`
	Location    string `toml:"location" json:"location"` // default "N号窗口"
}

// Display codes the caller shows besides a ticket's three digits.
const (
	showLogin   = "L  " // nobody logged in on the caller: staff number, 确认
	showPIN     = "P  " // staff number taken: PIN, 确认
	showIdle    = "---" // logged in, no current ticket
	showPaused  = "H  " // window paused (暂停)
	showRefused = "E01" // the queue refused the key (nothing waiting, nothing current, wrong state)
	showBadPIN  = "E02" // login refused (wrong staff number or PIN, locked, window taken)
	showNoKey   = "E03" // key not available here (转移 without a target, unknown 确认 code)
	showFault   = "E04" // the queue failed (storage, closed)
)

// callerDesk is what a caller needs of the queue: the window verbs. Only
// the hub's own engine has them; on a satellite board callers stay offline.
type callerDesk interface {
	HallView() (queue.HallView, error)
	Login(queue.LoginRequest) (string, queue.Session, error)
	Logout(token string) error
	CallNext(queue.Act) (queue.TicketView, error)
	Recall(queue.Act) (queue.TicketView, error)
	Start(queue.Act) (queue.TicketView, error)
	Finish(queue.Act, string) (queue.TicketView, error)
	NoShowTicket(queue.Act) (queue.TicketView, error)
	Hold(queue.Act) (queue.TicketView, error)
	Callback(queue.Act, string) (queue.TicketView, error)
	Pause(queue.Act, string) (queue.TicketView, error)
	Resume(queue.Act) (queue.TicketView, error)
	Transfer(queue.Act, queue.TransferRequest) (queue.TicketView, error)
}

// callerBus is one line and the callers on it.
type callerBus struct {
	id      string // "callers:<path>"
	cfgs    []Caller
	sim     *callersim.Fake // sim: the callers' end of the line
	simHost net.Conn

	mu    sync.Mutex
	bus   *caller.Bus // nil while the line is down
	state map[byte]*callerState
}

// callerState is what one caller's clerk has done on it.
type callerState struct {
	cfg   Caller
	mu    sync.Mutex // serialises "decide what to show, show it"
	token string     // the session opened by logging in on the caller
	staff string     // staff number typed, waiting for the PIN
}

func (q *Equip) startCallers(ctx context.Context) {
	byLine := map[string]*callerBus{}
	var order []string
	for _, c := range q.cfg.Callers {
		key := c.Transport + ":" + c.Path
		b := byLine[key]
		if b == nil {
			b = &callerBus{id: "callers:" + c.Path, state: map[byte]*callerState{}}
			byLine[key] = b
			order = append(order, key)
		}
		b.cfgs = append(b.cfgs, c)
		b.state[byte(c.Address)] = &callerState{cfg: c}
	}
	for _, key := range order {
		b := byLine[key]
		if b.cfgs[0].Transport == Sim {
			host, dev := net.Pipe()
			b.simHost = host
			b.sim = callersim.New(ctx, dev)
			go func() { <-ctx.Done(); host.Close(); dev.Close() }()
		}
		q.callers = append(q.callers, b)
		go supervise.Run(ctx, supervise.Config{Min: retryMin, Max: retryMax, Log: q.log.With("device", b.id),
			Report: func(c supervise.Change) {
				for _, cc := range b.cfgs {
					q.report(lineState(cc.ID, "caller", "呼叫器", c))
				}
			},
		}, func(ctx context.Context, up func()) error { return q.runCallerBus(ctx, b, up) })
	}
}

func (q *Equip) runCallerBus(ctx context.Context, b *callerBus, up func()) error {
	if _, ok := q.e.(callerDesk); !ok {
		return errors.New("本板不能直连队列（呼叫器须接在中心板上）")
	}
	var bus *caller.Bus
	if b.sim != nil {
		bus = caller.New(b.simHost, q.log) // closed when the hall stops
	} else {
		c := b.cfgs[0]
		var err error
		if bus, err = caller.Open(serialport.Config{Path: c.Path, Baud: c.Baud, ReadTimeout: serialReadTimeout}, q.log); err != nil {
			return err
		}
		defer bus.Close() // the sim's pipe stays: it lives as long as the hall
	}
	b.mu.Lock()
	b.bus = bus
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		b.bus = nil
		b.mu.Unlock()
	}()
	up()
	if hv, err := q.e.HallView(); err == nil {
		for _, w := range hv.Windows {
			q.showCallers(w)
		}
	}
	return bus.Run(ctx, func(f caller.Frame) { q.callerKey(b, f) })
}

// callerKey acts on one frame from the line.
func (q *Equip) callerKey(b *callerBus, f caller.Frame) {
	if f.Func == caller.FuncRating {
		q.callerRating(b, f)
		return
	}
	st := b.state[f.Addr]
	if st == nil {
		q.log.Info("caller: frame from an unknown address", "bus", b.id, "addr", f.Addr, "func", f.Func)
		return
	}
	desk := q.e.(callerDesk)
	st.mu.Lock()
	tok, staff := st.token, st.staff
	st.mu.Unlock()
	a := queue.Act{Token: tok, Window: st.cfg.Window}
	var err error
	show := ""
	switch {
	case tok == "" && f.Func == caller.FuncConfirm:
		digits, ok := caller.Digits(f.Data)
		switch {
		case !ok || digits == "":
			show = showLogin
		case staff == "":
			st.mu.Lock()
			st.staff = digits
			st.mu.Unlock()
			show = showPIN
		default:
			t, _, lerr := desk.Login(queue.LoginRequest{Staff: st.cfg.StaffPrefix + staff, PIN: digits, Window: st.cfg.Window, Source: "caller:" + st.cfg.ID})
			st.mu.Lock()
			st.staff = ""
			if lerr == nil {
				st.token = t
			}
			st.mu.Unlock()
			if lerr != nil {
				q.log.Info("caller: login refused", "caller", st.cfg.ID, "err", lerr)
				show = showBadPIN
			}
		}
	case tok == "":
		show = showLogin
	default:
		show, err = q.callerVerb(desk, st.cfg, a, f)
		if err == nil && show == showLogin { // logged out
			st.mu.Lock()
			st.token = ""
			st.mu.Unlock()
		}
	}
	if err != nil {
		var qe *queue.Error
		switch {
		case errors.Is(err, queue.ErrAuth) || errors.As(err, &qe) && qe.Code == "wrong_window":
			st.mu.Lock()
			st.token = "" // logged out elsewhere or taken over: log in again
			st.mu.Unlock()
			show = showLogin
		case errors.As(err, &qe) && qe.Kind != queue.ErrUnavailable:
			show = showRefused
		default:
			show = showFault
		}
		q.log.Info("caller: key refused", "caller", st.cfg.ID, "func", f.Func, "err", err)
	}
	if show != "" {
		q.showCaller(b, st, func() string { return show })
		return
	}
	if w, herr := q.callerWindow(desk, st.cfg.Window); herr == nil {
		q.showCaller(b, st, func() string { return callerText(st, w) })
	}
}

// callerVerb runs the engine verb of a key for a logged-in caller; a
// non-empty result is shown instead of the window's state.
func (q *Equip) callerVerb(desk callerDesk, c Caller, a queue.Act, f caller.Frame) (string, error) {
	var err error
	switch f.Func {
	case caller.FuncCall:
		_, err = desk.CallNext(a)
	case caller.FuncRecall:
		_, err = desk.Recall(a)
	case caller.FuncEvaluate:
		// 评价 ends the service; the window's evaluator is armed by the
		// finished event. A ticket only called is started first.
		if _, err = desk.Start(a); err != nil {
			var qe *queue.Error
			if !errors.As(err, &qe) || qe.Kind == queue.ErrUnavailable || errors.Is(err, queue.ErrAuth) {
				return "", err
			}
		}
		_, err = desk.Finish(a, "")
	case caller.FuncPause:
		w, herr := q.callerWindow(desk, c.Window)
		if herr != nil {
			return "", herr
		}
		if w.State == queue.WindowPaused {
			_, err = desk.Resume(a)
		} else {
			_, err = desk.Pause(a, "呼叫器暂停")
		}
	case caller.FuncTransfer:
		if c.TransferService == "" {
			return showNoKey, nil
		}
		_, err = desk.Transfer(a, queue.TransferRequest{Service: c.TransferService})
	case caller.FuncConfirm:
		if len(f.Data) == 0 {
			// 确认 with nothing typed: log out (the window closes; it must
			// have no current or held ticket).
			if err = desk.Logout(a.Token); err == nil {
				return showLogin, nil
			}
			return "", err
		}
		if len(f.Data) != 1 {
			return showNoKey, nil
		}
		switch f.Data[0] {
		case caller.ConfirmNoShow:
			_, err = desk.NoShowTicket(a)
		case caller.ConfirmHold:
			_, err = desk.Hold(a)
		case caller.ConfirmCallback:
			w, herr := q.callerWindow(desk, c.Window)
			if herr != nil {
				return "", herr
			}
			if len(w.Held) == 0 {
				return showRefused, nil
			}
			_, err = desk.Callback(a, w.Held[0].ID) // the longest held
		default:
			return showNoKey, nil
		}
	default:
		return showNoKey, nil
	}
	return "", err
}

func (q *Equip) callerWindow(desk callerDesk, n int) (queue.WindowView, error) {
	hv, err := desk.HallView()
	if err != nil {
		return queue.WindowView{}, err
	}
	for _, w := range hv.Windows {
		if w.Number == n {
			return w, nil
		}
	}
	return queue.WindowView{}, fmt.Errorf("equip: no window %d", n)
}

// callerRating passes an evaluator's stars to its window's keypad gate.
func (q *Equip) callerRating(b *callerBus, f caller.Frame) {
	if len(f.Data) != 1 {
		return
	}
	for _, c := range b.cfgs {
		if c.Evaluator == 0 || byte(c.Evaluator) != f.Addr {
			continue
		}
		for _, k := range q.keypads {
			if k.cfg.Transport == CallerKeys && k.cfg.Window == c.Window {
				k.gate.Press(keypad.Level(f.Data[0]))
			}
		}
	}
}

// showCallers updates the callers of window w after an event.
func (q *Equip) showCallers(w queue.WindowView) {
	for _, b := range q.callers {
		for _, st := range b.state {
			if st.cfg.Window == w.Number {
				q.showCaller(b, st, func() string { return callerText(st, w) })
			}
		}
	}
}

// callerText is what a caller shows for its window (st.mu held): the
// login prompts, or the current ticket, paused or idle.
func callerText(st *callerState, w queue.WindowView) string {
	switch {
	case st.token == "" && st.staff != "":
		return showPIN
	case st.token == "":
		return showLogin
	case w.Current != nil:
		return ticketDigits(w.Current.Number)
	case w.State == queue.WindowPaused:
		return showPaused
	}
	return showIdle
}

// ticketDigits is a ticket number as the three-digit display shows it: the
// digits without the prefix, the last three, zero-padded ("A042" → "042").
func ticketDigits(number string) string {
	d := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, number)
	if len(d) > 3 {
		d = d[len(d)-3:]
	}
	return strings.Repeat("0", 3-len(d)) + d
}

// showCaller decides under st.mu what to show and sends it, so a key's
// answer and an event's update cannot cross on the wire.
func (q *Equip) showCaller(b *callerBus, st *callerState, text func() string) {
	b.mu.Lock()
	bus := b.bus
	b.mu.Unlock()
	if bus == nil {
		return // the line is down; the next session shows the state again
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if err := bus.Show(byte(st.cfg.Address), text()); err != nil {
		q.log.Warn("caller: display not sent", "caller", st.cfg.ID, "err", err)
	}
}
