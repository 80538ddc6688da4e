package alerts

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"halld/queue"
	"halld/queue/hall"
)

// condition is one rule's condition holding now.
type condition struct {
	Alert
	since time.Time // for duration conditions: when it began to hold; zero: none
	after time.Duration
}

// state is what Check reads of the engine, outside any Update.
type state struct {
	view    queue.HallView
	open    bool                          // within opening hours
	waiting map[string][]queue.TicketView // per service, oldest first
	cases   []queue.CaseView
}

func (m *Monitor) read() (state, error) {
	var s state
	var err error
	if s.view, err = m.e.HallView(); err != nil {
		return s, err
	}
	p, err := m.e.Pulse()
	if err != nil {
		return s, err
	}
	s.open = p.Open
	// The engine lists waiting tickets per window; a ticket appears under
	// every window that could call it.
	s.waiting = map[string][]queue.TicketView{}
	seen := map[string]bool{}
	for _, w := range s.view.Windows {
		list, err := m.e.Waiting(w.Number)
		if err != nil {
			return s, err
		}
		for _, t := range list {
			if !seen[t.ID] {
				seen[t.ID] = true
				s.waiting[t.Service] = append(s.waiting[t.Service], t)
			}
		}
	}
	for svc := range s.waiting {
		slices.SortFunc(s.waiting[svc], func(a, b queue.TicketView) int { return a.IssuedAt.Compare(b.IssuedAt) })
	}
	b, err := m.e.Cases(queue.CaseFilter{Open: true})
	if err != nil {
		return s, err
	}
	s.cases = b.Cases
	return s, nil
}

// conditions lists what holds now under the hall's rules.
func conditions(h *hall.Hall, s state, now time.Time) []condition {
	var out []condition
	add := func(c condition) { out = append(out, c) }
	for _, sv := range s.view.Services {
		r := h.AlertRulesFor(sv.ID)
		if r.WaitMinutes > 0 {
			limit := time.Duration(r.WaitMinutes) * time.Minute
			var over []queue.TicketView
			for _, t := range s.waiting[sv.ID] {
				if now.Sub(t.IssuedAt) > limit {
					over = append(over, t)
				}
			}
			if len(over) > 0 {
				t := over[0]
				add(condition{Alert: Alert{Rule: RuleWait, Key: "wait/" + sv.ID, Service: sv.ID,
					Department: sv.Department, Ticket: t.Number,
					Detail: fmt.Sprintf("%s：%s 号已等候%d分钟，共%d人等候超过%d分钟", sv.Name, t.Number,
						int(now.Sub(t.IssuedAt)/time.Minute), len(over), r.WaitMinutes)}})
			}
		}
		if r.QueueLength > 0 && sv.Waiting > r.QueueLength {
			add(condition{Alert: Alert{Rule: RuleQueue, Key: "queue/" + sv.ID, Service: sv.ID,
				Department: sv.Department,
				Detail:     fmt.Sprintf("%s：%d人排队，超过%d人", sv.Name, sv.Waiting, r.QueueLength)}})
		}
	}
	for _, w := range s.view.Windows {
		dept := windowDepartment(h, w.Number)
		if s.open && h.Alerts.PauseMinutes > 0 && w.State == queue.WindowPaused {
			staff, who := "", ""
			if w.Staff != nil {
				staff, who = w.Staff.ID, "（"+w.Staff.Name+"）"
			}
			add(condition{Alert: Alert{Rule: RulePaused, Key: fmt.Sprintf("paused/%d", w.Number),
				Window: w.Number, Staff: staff, Department: dept,
				Detail: fmt.Sprintf("%d号窗口%s暂停服务超过%d分钟（%s）", w.Number, who, h.Alerts.PauseMinutes, w.PauseReason)},
				since: now, after: time.Duration(h.Alerts.PauseMinutes) * time.Minute})
		}
		if s.open && w.State == queue.WindowClosed && h.WatchesUnstaffed(w.Number) {
			add(condition{Alert: Alert{Rule: RuleUnstaffed, Key: fmt.Sprintf("unstaffed/%d", w.Number),
				Window: w.Number, Department: dept,
				Detail: fmt.Sprintf("%d号窗口（%s）开放时间内无人上岗超过%d分钟", w.Number, w.Name, h.Alerts.UnstaffedMinutes)},
				since: now, after: time.Duration(h.Alerts.UnstaffedMinutes) * time.Minute})
		}
	}
	for _, c := range s.cases {
		if c.Card == "" || !h.AlertRulesFor(c.Service).CaseCard {
			continue
		}
		card, left := "黄牌", "即将到期"
		if c.Card == "red" {
			card, left = "红牌", "已超期"
		}
		if c.Remaining != nil && *c.Remaining >= 0 && c.Card != "red" {
			left = fmt.Sprintf("剩余%d个工作日", *c.Remaining)
		}
		add(condition{Alert: Alert{Rule: RuleCaseCard, Key: "case/" + c.Number + "/" + c.Card,
			Service: c.Service, Window: c.Window, Department: c.Department, Case: c.Number,
			Detail: fmt.Sprintf("办件 %s（%s）%s，期限%s，已亮%s", c.Number, c.ServiceName, left, c.Due, card)}})
	}
	return out
}

// windowDepartment is the department of a window's services when they
// share one ("" for a 综合窗口 of several).
func windowDepartment(h *hall.Hall, n int) string {
	w := h.WindowByNumber(n)
	if w == nil {
		return ""
	}
	dept := ""
	for id := range w.Services {
		s := h.ServiceByID(id)
		if s == nil {
			continue
		}
		if dept != "" && s.Department != dept {
			return ""
		}
		dept = s.Department
	}
	return dept
}

// Result is what one Check changed.
type Result struct {
	Raised  []string // alert ids
	Cleared []string
}

// Check evaluates the rules at now: it raises an alert for each condition
// that holds and has none open, and clears the open alerts whose
// condition has ended, in one change. While the hall is starting (the
// clock not trusted) it does nothing.
func (m *Monitor) Check(now time.Time) (Result, error) {
	s, err := m.read()
	if err != nil {
		return Result{}, err
	}
	if s.view.Starting {
		return Result{}, nil
	}
	h := m.e.Hall()
	conds := conditions(h, s, now)

	m.mu.Lock()
	defer m.mu.Unlock()
	var (
		raise    []*Alert
		clear    []*Alert
		addWatch = map[string]time.Time{}
		dropW    []string
		holds    = map[string]bool{}
	)
	for _, c := range conds {
		holds[c.Key] = true
		if c.after > 0 {
			since, ok := m.watches[c.Key]
			if !ok {
				since = c.since
				addWatch[c.Key] = since
			}
			if now.Sub(since) < c.after {
				continue
			}
		}
		if m.open[c.Key] == nil {
			a := c.Alert
			raise = append(raise, &a)
		}
	}
	for key, a := range m.open {
		if !holds[key] {
			clear = append(clear, a)
		}
	}
	for key := range m.watches {
		if !holds[key] {
			dropW = append(dropW, key)
		}
	}
	if len(raise) == 0 && len(clear) == 0 && len(addWatch) == 0 && len(dropW) == 0 {
		return Result{}, nil
	}
	slices.SortFunc(raise, func(a, b *Alert) int { return strings.Compare(a.Key, b.Key) })
	slices.SortFunc(clear, func(a, b *Alert) int { return strings.Compare(a.ID, b.ID) })
	var res Result
	err = m.e.Update(func(r *queue.Rec) error {
		at := r.At()
		day := r.Day()
		for i, a := range raise {
			a.ID, a.RaisedAt = m.nextID(day, i), at
			if _, err := r.Emit(EvRaised, raisedEvent{ID: a.ID, Rule: a.Rule, Service: a.Service,
				Window: a.Window, Staff: a.Staff, Department: a.Department, Ticket: a.Ticket, Case: a.Case,
				Detail: a.Detail, RaisedAt: at}); err != nil {
				return err
			}
			if err := r.Put(Domain, alertKey+a.ID, a); err != nil {
				return err
			}
		}
		cleared := make([]Alert, len(clear))
		for i, a := range clear {
			cleared[i] = *a
			cleared[i].ClearedAt = &at
			if _, err := r.Emit(EvCleared, clearedEvent{ID: a.ID, At: at}); err != nil {
				return err
			}
			if err := r.Put(Domain, alertKey+a.ID, cleared[i]); err != nil {
				return err
			}
		}
		for key, since := range addWatch {
			if err := r.Put(Domain, watchKey+key, watch{Since: since}); err != nil {
				return err
			}
		}
		for _, key := range dropW {
			if err := r.Delete(Domain, watchKey+key); err != nil {
				return err
			}
		}
		// Everything is in the change: now memory.
		for _, a := range raise {
			m.remember(a)
			res.Raised = append(res.Raised, a.ID)
		}
		for i, a := range clear {
			*a = cleared[i]
			delete(m.open, a.Key)
			res.Cleared = append(res.Cleared, a.ID)
		}
		for key, since := range addWatch {
			m.watches[key] = since
		}
		for _, key := range dropW {
			delete(m.watches, key)
		}
		return nil
	})
	if err != nil {
		var qe *queue.Error
		if errors.As(err, &qe) && errors.Is(err, queue.ErrUnavailable) {
			return Result{}, nil // the clock went untrusted between the read and the change
		}
		return Result{}, err
	}
	for _, id := range res.Raised {
		a := m.alerts[id]
		m.log.Info("alert raised", "id", id, "rule", a.Rule, "window", a.Window, "service", a.Service)
	}
	return res, nil
}
