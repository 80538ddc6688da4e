package queue

import (
	"slices"

	"halld/queue/hall"
)

// view renders the public view of t; call with the lock held.
func (e *Engine) view(t *Ticket) TicketView {
	v := TicketView{
		ID: t.ID, Number: t.Number, Service: t.Service, State: t.State,
		Priority: t.Priority, Channel: t.Channel, Day: t.Day, IssuedAt: t.IssuedAt,
		CalledAt: t.CalledAt, StartedAt: t.StartedAt, Window: t.Window, TargetWindow: t.TargetWindow,
		Recalls: t.Recalls, Outcome: t.Outcome, Evaluated: t.Evaluation != nil,
	}
	if s := e.hall.ServiceByID(t.Service); s != nil {
		v.ServiceName = s.Name
	}
	if t.State == Waiting {
		n := e.ahead(t)
		w := e.waitEstimate(t.Service, n)
		v.Ahead, v.WaitEstimateS = &n, &w
		if t.TargetWindow > 0 {
			v.Windows = []int{t.TargetWindow}
		} else {
			v.Windows = e.hall.ServesWindows(t.Service)
		}
	}
	return v
}

// window returns the live record of window n, creating a closed one.
func (e *Engine) window(n int) *Window {
	w := e.windows[n]
	if w == nil {
		w = &Window{Number: n, State: WindowClosed}
		e.windows[n] = w
	}
	return w
}

func (e *Engine) windowView(w *Window) WindowView {
	hw := e.hall.WindowByNumber(w.Number)
	v := WindowView{Number: w.Number, Name: hw.Name, State: w.State, PauseReason: w.PauseReason}
	for id := range hw.Services {
		v.Services = append(v.Services, id)
	}
	slices.Sort(v.Services)
	if w.Staff != "" {
		st := e.hall.StaffByID(w.Staff)
		name := w.Staff
		if st != nil {
			name = st.Name
		}
		v.Staff = &StaffView{ID: w.Staff, Name: name, Post: w.Post}
	}
	if t := e.tickets[w.Current]; t != nil {
		tv := e.view(t)
		v.Current = &tv
	}
	for _, id := range w.Held {
		if t := e.tickets[id]; t != nil {
			v.Held = append(v.Held, e.view(t))
		}
	}
	return v
}

// HallView is the hall's current state for screens and integrators.
type HallView struct {
	Name     string        `json:"name"`
	Day      string        `json:"day"`
	Seq      uint64        `json:"seq"` // events up to here are reflected; stream from it
	Services []ServiceView `json:"services"`
	Windows  []WindowView  `json:"windows"`
	// For kiosks and terminals: the priority classes offered and the
	// pause reasons a clerk chooses from.
	Priorities   []hall.PriorityClass `json:"priorities"`
	PauseReasons []string             `json:"pause_reasons"`
	// Starting is true while changes are refused for the clock
	// (clock_unsynced, clock_untrusted, clock_jump), so kiosks say the hall
	// is starting instead of offering tickets that would be refused.
	Starting bool `json:"starting,omitempty"`
	// ConfirmDay is the clock's day while it waits for an admin's
	// confirmation (clock_jump): far ahead of the last day.
	ConfirmDay string `json:"confirm_day,omitempty"`
	// Notice is the notice line an admin or the centre set ("" = the
	// screen's configured one).
	Notice string `json:"notice,omitempty"`
}

// ServiceView is one service with its queue.
type ServiceView struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	Department    string `json:"department,omitempty"`
	Prefix        string `json:"prefix"`
	Waiting       int    `json:"waiting"`
	WaitEstimateS int    `json:"wait_estimate_s"`
	Windows       []int  `json:"windows"`
	Issued        int    `json:"issued_today"`
	DailyCap      int    `json:"daily_cap,omitempty"`
}

// Hall returns the current state of the whole hall.
func (e *Engine) HallView() (HallView, error) {
	var v HallView
	err := e.read(func() {
		now := e.now()
		v = HallView{Name: e.hall.Hall.Name, Day: e.hall.Day(now), Seq: e.meta.Seq,
			Priorities: e.hall.Priorities, PauseReasons: e.hall.Policy.PauseReasons,
			Starting: e.unsynced(now) || !e.trusted(now), Notice: e.meta.Notice}
		if e.trusted(now) && e.jumpedAhead(v.Day) {
			v.Starting, v.ConfirmDay = true, v.Day
		}
		for _, s := range e.hall.Services {
			n := 0
			if l := e.queues[s.ID]; l != nil {
				n = l.len()
			}
			v.Services = append(v.Services, ServiceView{
				ID: s.ID, Name: s.Name, Department: s.Department, Prefix: s.Prefix,
				Waiting: n, WaitEstimateS: e.waitEstimate(s.ID, n),
				Windows: e.hall.ServesWindows(s.ID), Issued: e.meta.Issued[s.ID], DailyCap: s.DailyCap,
			})
		}
		for _, hw := range e.hall.Windows {
			v.Windows = append(v.Windows, e.windowView(e.window(hw.Number)))
		}
	})
	return v, err
}

// Ticket returns the public view of a ticket of today or still live.
func (e *Engine) Ticket(id string) (TicketView, error) {
	var v TicketView
	found := false
	err := e.read(func() {
		if t := e.tickets[id]; t != nil {
			v, found = e.view(t), true
		}
	})
	if err != nil {
		return v, err
	}
	if !found {
		return e.ticketFromStore(id)
	}
	return v, nil
}

// Waiting lists the tickets window n could call, in the order it would.
// It is for the clerk's terminal.
func (e *Engine) Waiting(n int) ([]TicketView, error) {
	var out []TicketView
	err := e.read(func() {
		hw := e.hall.WindowByNumber(n)
		if hw == nil {
			return
		}
		var all []*Ticket
		if l := e.targeted[n]; l != nil {
			all = append(append(all, l.prio...), l.normal...)
		}
		for svc := range hw.Services {
			if l := e.queues[svc]; l != nil {
				all = append(append(all, l.prio...), l.normal...)
			}
		}
		rank := func(t *Ticket) int {
			if t.TargetWindow > 0 {
				return targetedWeight
			}
			return hw.Services[t.Service]
		}
		slices.SortFunc(all, func(a, b *Ticket) int {
			if (a.Priority != "") != (b.Priority != "") {
				if a.Priority != "" {
					return -1
				}
				return 1
			}
			if ra, rb := rank(a), rank(b); ra != rb {
				return rb - ra
			}
			return before(a, b)
		})
		for _, t := range all {
			out = append(out, e.view(t))
		}
	})
	return out, err
}
