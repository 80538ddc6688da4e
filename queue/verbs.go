package queue

import (
	"unicode/utf8"

	"halld/queue/hall"
)

// Act identifies who acts: a session token and the window it claims. Window
// verbs act only on the window the token is logged into.
type Act struct {
	Token  string
	Window int
}

// windowVerb runs f for the window of act, with the usual checks, and
// returns the ticket f reports.
func (e *Engine) windowVerb(a Act, f func(c *change, w *Window) (*Ticket, error)) (TicketView, error) {
	c, err := e.begin()
	if err != nil {
		return TicketView{}, err
	}
	var v TicketView
	err = func() error {
		s := e.liveSession(a.Token)
		switch {
		case s == nil:
			return errBadSession()
		case s.Window == 0 || s.Window != a.Window:
			return errWrongWindow()
		}
		w := e.window(a.Window)
		if w.Session != s.Hash {
			return errBadSession()
		}
		t, err := f(c, w)
		if err == nil && t != nil {
			v = e.view(t)
		}
		return err
	}()
	return v, e.finish(c, err)
}

// current returns the window's called or in-service ticket.
func (e *Engine) current(w *Window) (*Ticket, error) {
	t := e.tickets[w.Current]
	if t == nil {
		return nil, errNoCurrent()
	}
	return t, nil
}

// ready checks a window may call: open, not paused, nothing current.
func ready(w *Window) error {
	switch {
	case w.State == WindowPaused:
		return errPaused()
	case w.Current != "":
		return errWindowBusy()
	}
	return nil
}

// call makes waiting ticket t the window's current ticket.
func (e *Engine) call(c *change, w *Window, t *Ticket, d EventData) {
	if t.State == Waiting {
		e.dequeue(t)
	}
	t.State = Called
	t.Window, t.TargetWindow, t.Staff = w.Number, 0, w.Staff
	t.Recalls = 0
	if t.CalledAt == nil {
		t.CalledAt = ptime(c.at)
		d.First = true
	}
	t.LastCalledAt = ptime(c.at)
	w.Current = t.ID
	c.ticketEvent(EvCalled, t, w, d)
}

// CallNext calls the next ticket by the routing rules (叫号).
func (e *Engine) CallNext(a Act) (TicketView, error) {
	return e.windowVerb(a, func(c *change, w *Window) (*Ticket, error) {
		if err := ready(w); err != nil {
			return nil, err
		}
		t := e.next(w, c.at)
		if t == nil {
			return nil, errNobody()
		}
		if t.prioritised(c.at) {
			w.Streak++
		} else {
			w.Streak = 0
		}
		e.call(c, w, t, EventData{})
		return t, nil
	})
}

// CallTicket calls a specific waiting ticket (指定叫号).
func (e *Engine) CallTicket(a Act, id string) (TicketView, error) {
	return e.windowVerb(a, func(c *change, w *Window) (*Ticket, error) {
		if err := ready(w); err != nil {
			return nil, err
		}
		t := e.tickets[id]
		switch {
		case t == nil:
			return nil, errNoTicket()
		case t.State != Waiting:
			return nil, errState(t, "叫号")
		case !e.eligible(w.Number, t):
			return nil, refuse(ErrConflict, "not_eligible", "%s 不属于本窗口办理的业务", t.Number)
		}
		e.call(c, w, t, EventData{})
		return t, nil
	})
}

// Recall calls the current ticket again (重呼), up to the recall limit.
func (e *Engine) Recall(a Act) (TicketView, error) {
	return e.windowVerb(a, func(c *change, w *Window) (*Ticket, error) {
		t, err := e.current(w)
		if err != nil {
			return nil, err
		}
		if t.State != Called {
			return nil, errState(t, "重呼")
		}
		if t.Recalls >= e.hall.Policy.RecallLimit {
			return nil, refuse(ErrConflict, "recall_limit", "%s 已重呼%d次，请按过号处理", t.Number, t.Recalls)
		}
		t.Recalls++
		t.LastCalledAt = ptime(c.at)
		c.ticketEvent(EvRecalled, t, w, EventData{})
		return t, nil
	})
}

// Start begins service of the called ticket (开始办理).
func (e *Engine) Start(a Act) (TicketView, error) {
	return e.windowVerb(a, func(c *change, w *Window) (*Ticket, error) {
		t, err := e.current(w)
		if err != nil {
			return nil, err
		}
		if t.State != Called {
			return nil, errState(t, "开始办理")
		}
		t.State = Serving
		t.StartedAt = ptime(c.at)
		c.ticketEvent(EvStarted, t, w, EventData{})
		return t, nil
	})
}

// Finish ends service of the current ticket (办结) with an outcome
// (handled, accepted, consulted, rejected; default handled).
func (e *Engine) Finish(a Act, outcome string) (TicketView, error) {
	if outcome == "" {
		outcome = OutcomeHandled
	}
	if !validOutcome(outcome) {
		return TicketView{}, refuse(ErrBadInput, "bad_outcome", "办理结果无效")
	}
	return e.windowVerb(a, func(c *change, w *Window) (*Ticket, error) {
		t, err := e.current(w)
		if err != nil {
			return nil, err
		}
		if t.State != Serving {
			return nil, errState(t, "办结")
		}
		t.FinishedAt = ptime(c.at)
		t.Outcome = outcome
		w.Current = ""
		e.end(t, Done, c)
		e.learn(c, t)
		c.ticketEvent(EvFinished, t, w, EventData{})
		return t, nil
	})
}

// NoShowTicket handles an applicant who did not come (过号): by policy the
// ticket is voided, or re-inserted behind the next M waiting tickets of its
// service (once per max_reinserts; after that it is voided).
func (e *Engine) NoShowTicket(a Act) (TicketView, error) {
	return e.windowVerb(a, func(c *change, w *Window) (*Ticket, error) {
		t, err := e.current(w)
		if err != nil {
			return nil, err
		}
		if t.State != Called {
			return nil, errState(t, "过号")
		}
		w.Current = ""
		t.NoShows++
		p := e.hall.Policy
		if p.NoShow == "reinsert" && t.Reinserts < p.MaxReinserts {
			t.Reinserts++
			t.State, t.Window = Waiting, 0
			t.Order = e.reinsertOrder(t, p.ReinsertBehind)
			e.enqueue(t)
			c.ticketEvent(EvNoShow, t, w, EventData{Reinserted: true})
			return t, nil
		}
		e.end(t, NoShow, c)
		c.ticketEvent(EvNoShow, t, w, EventData{})
		return t, nil
	})
}

// reinsertOrder finds the place behind the m-th waiting ticket of t's lane
// and group, or the end of the queue when fewer are waiting.
func (e *Engine) reinsertOrder(t *Ticket, m int) int64 {
	group := *e.laneOf(t).list(t)
	if m == 0 {
		if len(group) == 0 {
			return e.nextOrder()
		}
		return group[0].Order - 1
	}
	if len(group) < m {
		return e.nextOrder()
	}
	o := group[m-1].Order + 1
	for i := m; i < len(group) && group[i].Order <= o; i++ {
		o = group[i].Order + 1 // behind earlier re-inserts at the same place
	}
	return o
}

func (e *Engine) nextOrder() int64 {
	o := e.meta.NextOrder
	e.meta.NextOrder += orderGap
	return o
}

// Hold puts the current ticket aside (挂起), e.g. while the applicant
// copies a document; the window may call others and call it back later.
func (e *Engine) Hold(a Act) (TicketView, error) {
	return e.windowVerb(a, func(c *change, w *Window) (*Ticket, error) {
		t, err := e.current(w)
		if err != nil {
			return nil, err
		}
		t.State = Held
		w.Current = ""
		w.Held = append(w.Held, t.ID)
		c.ticketEvent(EvHeld, t, w, EventData{})
		return t, nil
	})
}

// Callback calls a held ticket of this window again (回呼).
func (e *Engine) Callback(a Act, id string) (TicketView, error) {
	return e.windowVerb(a, func(c *change, w *Window) (*Ticket, error) {
		if err := ready(w); err != nil {
			return nil, err
		}
		t := e.tickets[id]
		if t == nil || t.State != Held || len(removeString(w.Held, id)) == len(w.Held) {
			return nil, refuse(ErrNotFound, "not_held", "本窗口没有挂起这个号")
		}
		w.Held = removeString(w.Held, id)
		e.call(c, w, t, EventData{Callback: true})
		return t, nil
	})
}

// TransferRequest moves the current ticket to another service or to a
// specific window (转移). The ticket keeps its arrival place unless ToEnd.
type TransferRequest struct {
	Service string `json:"service,omitempty"`
	Window  int    `json:"window,omitempty"`
	ToEnd   bool   `json:"to_end,omitempty"`
}

// Transfer moves the current ticket back to waiting elsewhere.
func (e *Engine) Transfer(a Act, r TransferRequest) (TicketView, error) {
	if (r.Service == "") == (r.Window == 0) {
		return TicketView{}, refuse(ErrBadInput, "bad_transfer", "请选择转往的业务或窗口（二选一）")
	}
	if r.Service != "" && e.hall.ServiceByID(r.Service) == nil {
		return TicketView{}, refuse(ErrBadInput, "unknown_service", "没有这项业务")
	}
	if r.Window != 0 && e.hall.WindowByNumber(r.Window) == nil {
		return TicketView{}, refuse(ErrBadInput, "window_not_found", "没有%d号窗口", r.Window)
	}
	return e.windowVerb(a, func(c *change, w *Window) (*Ticket, error) {
		t, err := e.current(w)
		if err != nil {
			return nil, err
		}
		if r.Window == w.Number {
			return nil, refuse(ErrBadInput, "bad_transfer", "不能转给本窗口")
		}
		from := t.Service
		w.Current = ""
		t.State, t.Window = Waiting, 0
		t.Transfers++
		t.TargetWindow = r.Window
		if r.Service != "" {
			if r.Service != t.Service && t.IDHash != "" {
				delete(e.byID, t.Service+"|"+t.IDHash)
				e.byID[r.Service+"|"+t.IDHash] = t.ID
			}
			t.Service = r.Service
		}
		if r.ToEnd {
			t.Order = e.nextOrder()
		}
		e.enqueue(t)
		c.ticketEvent(EvTransferred, t, w, EventData{FromService: from, FromWindow: w.Number})
		return t, nil
	})
}

// Pause stops calling at the window with a reason (暂停服务).
func (e *Engine) Pause(a Act, reason string) (TicketView, error) {
	n := utf8.RuneCountInString(reason)
	if n == 0 || n > 32 {
		return TicketView{}, refuse(ErrBadInput, "bad_reason", "请选择暂停原因（不超过32个字）")
	}
	return e.windowVerbNoTicket(a, func(c *change, w *Window) error {
		if err := ready(w); err != nil {
			return err
		}
		w.State, w.PauseReason = WindowPaused, reason
		wv := e.windowView(w)
		c.touchWindow(w)
		c.emit(EvPaused, EventData{Window: &wv, Reason: reason})
		return nil
	})
}

// Resume ends a pause.
func (e *Engine) Resume(a Act) (TicketView, error) {
	return e.windowVerbNoTicket(a, func(c *change, w *Window) error {
		if w.State != WindowPaused {
			return refuse(ErrConflict, "not_paused", "窗口未暂停")
		}
		w.State, w.PauseReason = WindowOpen, ""
		wv := e.windowView(w)
		c.touchWindow(w)
		c.emit(EvResumed, EventData{Window: &wv})
		return nil
	})
}

// windowVerbNoTicket is windowVerb for verbs about the window itself; they
// answer with an empty ticket view.
func (e *Engine) windowVerbNoTicket(a Act, f func(c *change, w *Window) error) (TicketView, error) {
	_, err := e.windowVerb(a, func(c *change, w *Window) (*Ticket, error) { return nil, f(c, w) })
	return TicketView{}, err
}

// Cancel ends a waiting, called or held ticket on a supervisor's word (or
// at the applicant's request relayed by one).
func (e *Engine) Cancel(token, id string) (TicketView, error) {
	c, err := e.begin()
	if err != nil {
		return TicketView{}, err
	}
	var v TicketView
	err = func() error {
		s := e.liveSession(token)
		if s == nil {
			return errBadSession()
		}
		if s.Role != hall.RoleSupervisor && s.Role != hall.RoleAdmin { // not clerks, systems or boards
			return refuse(ErrForbidden, "supervisor_only", "只有值班长可以取消号")
		}
		t := e.tickets[id]
		if t == nil {
			return errNoTicket()
		}
		if t.State != Waiting && t.State != Called && t.State != Held {
			return errState(t, "取消")
		}
		if t.State == Waiting {
			e.dequeue(t)
		}
		var win *Window
		for _, w := range e.windows {
			if w.Current == id || len(removeString(w.Held, id)) != len(w.Held) {
				if w.Current == id {
					w.Current = ""
				}
				w.Held = removeString(w.Held, id)
				win = w
			}
		}
		e.end(t, Cancelled, c)
		c.ticketEvent(EvCancelled, t, win, EventData{Staff: s.Staff})
		v = e.view(t)
		return nil
	}()
	return v, e.finish(c, err)
}
