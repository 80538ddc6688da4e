package queue

import (
	"cmp"
	"fmt"
	"slices"
	"unicode/utf8"

	"halld/queue/workday"
)

// deadline computes a case's due date from its type, acceptance and pauses.
func (e *Engine) deadline(k *Case) {
	if k.Type == CaseInstant {
		k.Due, k.Provisional = workday.DateOf(k.AcceptedAt, e.hall.Location), false
		return
	}
	var paused []workday.Interval
	for _, p := range k.Pauses {
		iv := workday.Interval{From: workday.DateOf(p.From, e.hall.Location)}
		if p.To != nil {
			iv.To = workday.DateOf(*p.To, e.hall.Location)
		}
		paused = append(paused, iv)
	}
	k.Due, k.Provisional = e.cal.Deadline(k.AcceptedAt, k.PromisedDays, paused)
}

// card is a case's warning on day today: red when overdue, yellow when at
// most the service's warn_days working days remain; none once finished or
// while the clock is stopped.
func (e *Engine) card(k *Case, today workday.Date) string {
	if !k.State.Open() || k.Due.IsZero() {
		return ""
	}
	if k.Type == CaseInstant { // 即办件: no yellow, red once its day is over
		if today.After(k.Due) {
			return "red"
		}
		return ""
	}
	switch e.cal.Card(today, k.Due, e.hall.ServiceByID(k.Service).WarnDays) {
	case workday.Red:
		return "red"
	case workday.Yellow:
		return "yellow"
	}
	return ""
}

func (e *Engine) caseView(k *Case, today workday.Date) CaseView {
	v := CaseView{Number: k.Number, Service: k.Service, Department: k.Department, Window: k.Window,
		Applicant: MaskName(k.Applicant.Name), Type: k.Type, Urgent: k.Urgent, AcceptedAt: k.AcceptedAt,
		PromisedDays: k.PromisedDays, Due: k.Due, Provisional: k.Provisional, State: k.State,
		StateName: k.State.Chinese(), Card: k.Card, FinishedAt: k.FinishedAt}
	if v.Applicant == "" {
		v.Applicant = k.Applicant.Company
	}
	if s := e.hall.ServiceByID(k.Service); s != nil {
		v.ServiceName = s.Name
	}
	v.Paused = k.State == CaseSuspended
	v.Evaluated = k.Evaluation != nil
	if k.State.Open() && !k.Due.IsZero() {
		n := e.cal.Remaining(today, k.Due)
		v.Remaining = &n
	}
	if k.FinishedAt != nil && !k.Due.IsZero() {
		ok := !workday.DateOf(*k.FinishedAt, e.hall.Location).After(k.Due)
		v.OnTime = &ok
	}
	return v
}

func (e *Engine) today(c *change) workday.Date { return workday.DateOf(c.at, e.hall.Location) }

// caseEvent records a case change: the record, the event and its warning.
// by names who made the change ("" for the hall's own: a card, a
// recomputed deadline); the event carries it as Staff, so the audit trail
// reads the actor from the committed log.
func (c *change) caseEvent(typ string, k *Case, by string) {
	e := c.e
	k.Card = e.card(k, e.today(c))
	if c.cases == nil {
		c.cases = map[string]*Case{}
	}
	c.cases[k.Number] = k
	v := e.caseView(k, e.today(c))
	c.emit(typ, EventData{Case: &v, Staff: by})
}

// CreateCase records a case accepted by an approval system or a window
// (受理). by names who did it, for the history.
func (e *Engine) CreateCase(by string, r CaseRequest) (CaseView, error) {
	if err := r.check(e); err != nil {
		return CaseView{}, err
	}
	c, err := e.begin()
	if err != nil {
		return CaseView{}, err
	}
	k, err := e.createCase(c, by, r)
	var v CaseView
	if err == nil {
		v = e.caseView(k, e.today(c))
	}
	return v, e.finish(c, err)
}

func (e *Engine) createCase(c *change, by string, r CaseRequest) (*Case, error) {
	if r.Number == "" {
		day := e.today(c)
		if e.meta.CaseDay != day.String() {
			e.meta.CaseDay, e.meta.CaseSeq = day.String(), 0
		}
		for {
			e.meta.CaseSeq++
			r.Number = fmt.Sprintf("%04d%02d%02d%04d", day.Year, day.Month, day.Day, e.meta.CaseSeq)
			if _, taken := e.cases[r.Number]; !taken {
				break
			}
		}
	} else if _, taken := e.cases[r.Number]; taken {
		return nil, refuse(ErrConflict, "case_exists", "受理编号 %s 已存在", r.Number)
	} else if old, err := e.storedCase(r.Number); err != nil {
		return nil, err
	} else if old != nil {
		return nil, refuse(ErrConflict, "case_exists", "受理编号 %s 已存在", r.Number)
	}
	svc := e.hall.ServiceByID(r.Service)
	k := &Case{Number: r.Number, Service: r.Service, Department: svc.Department, Window: r.Window, Staff: r.Staff,
		Applicant: r.Applicant, Type: r.Type, Urgent: r.Urgent, AcceptedAt: c.at, PromisedDays: r.PromisedDays,
		State: CaseAccepted, History: []CaseEntry{{At: c.at, State: CaseAccepted, Note: r.Note, By: by}}}
	e.deadline(k)
	e.cases[k.Number] = k
	c.caseEvent(EvCaseCreated, k, by)
	return k, nil
}

// FinishAccepted ends the window's current service as an accepted case:
// the ticket is finished (outcome accepted) and the case created, in one
// commit, linked to the ticket, the window and the clerk.
func (e *Engine) FinishAccepted(a Act, r CaseRequest) (CaseView, error) {
	var v CaseView
	_, err := e.windowVerb(a, func(c *change, w *Window) (*Ticket, error) {
		t, err := e.current(w)
		if err != nil {
			return nil, err
		}
		if t.State != Serving {
			return nil, errState(t, "办结")
		}
		r.Window, r.Staff = w.Number, w.Staff
		if r.Service == "" {
			r.Service = t.Service
		}
		if err := r.check(e); err != nil {
			return nil, err
		}
		t.FinishedAt, t.Outcome = ptime(c.at), OutcomeAccepted
		w.Current = ""
		e.end(t, Done, c)
		e.learn(c, t)
		c.ticketEvent(EvFinished, t, w, EventData{})
		k, err := e.createCase(c, w.Staff, r)
		if err != nil {
			return nil, err
		}
		k.Ticket = t.ID
		v = e.caseView(k, e.today(c))
		return t, nil
	})
	return v, err
}

// CaseUpdate moves a case: a new state with a note. Suspending stops the
// clock (the note is the reason: 补正材料, 听证…); leaving suspended
// restarts it.
type CaseUpdate struct {
	State CaseState `json:"state"`
	Note  string    `json:"note,omitempty"`
}

// UpdateCase applies an update; by names who did it.
func (e *Engine) UpdateCase(by, number string, u CaseUpdate) (CaseView, error) {
	if utf8.RuneCountInString(u.Note) > 200 {
		return CaseView{}, refuse(ErrBadInput, "too_long", "备注过长")
	}
	c, err := e.begin()
	if err != nil {
		return CaseView{}, err
	}
	var v CaseView
	err = func() error {
		k := e.cases[number]
		if k == nil { // an old case: back into memory while it changes
			var err error
			if k, err = e.storedCase(number); err != nil {
				return err
			}
			if k == nil {
				return refuse(ErrNotFound, "case_not_found", "没有受理编号为 %s 的办件", number)
			}
			e.cases[number] = k
		}
		if !slices.Contains(caseMoves[k.State], u.State) {
			return refuse(ErrConflict, "bad_case_state", "办件「%s」不能从「%s」变为「%s」", number, k.State.Chinese(), u.State.Chinese())
		}
		if u.State == CaseSuspended && u.Note == "" {
			return refuse(ErrBadInput, "reason_required", "暂停计时须注明原因（如补正材料）")
		}
		if k.State == CaseSuspended {
			k.Pauses[len(k.Pauses)-1].To = ptime(c.at)
		}
		if u.State == CaseSuspended {
			k.Pauses = append(k.Pauses, CasePause{From: c.at, Reason: u.Note})
		}
		if u.State == CaseDone || u.State == CaseRefused {
			k.FinishedAt = ptime(c.at)
		}
		k.State = u.State
		k.History = append(k.History, CaseEntry{At: c.at, State: u.State, Note: u.Note, By: by})
		e.deadline(k)
		c.caseEvent(EvCaseUpdated, k, by)
		v = e.caseView(k, e.today(c))
		return nil
	}()
	return v, e.finish(c, err)
}

// refreshCards recomputes every open case's warning once a day (they only
// change with the date or with the case) and records the changes.
func (e *Engine) refreshCards(c *change) {
	today := e.today(c)
	if e.cardDay == today {
		return
	}
	e.cardDay = today
	for _, k := range e.cases {
		if card := e.card(k, today); card != k.Card {
			c.caseEvent(EvCaseCard, k, "")
		}
	}
}

// CaseFilter selects cases for Cases.
type CaseFilter struct {
	Open   bool // only cases whose clock runs
	Window int  // only this window's; 0 = all
}

// CaseBoard is the case-progress board (办件公示): cases and the summary line.
type CaseBoard struct {
	Cases           []CaseView `json:"cases"`
	AcceptedToday   int        `json:"accepted_today"`
	CompletedToday  int        `json:"completed_today"`
	OnTimeRateMonth *float64   `json:"on_time_rate_month"` // finished on time ÷ finished, this month; null before any finished
}

// Cases returns the board: open cases first, the nearest deadline first.
func (e *Engine) Cases(f CaseFilter) (CaseBoard, error) {
	var b CaseBoard
	err := e.read(func() {
		now := e.now().In(e.hall.Location)
		today := workday.DateOf(now, e.hall.Location)
		finished, onTime := 0, 0
		for _, k := range e.cases {
			if workday.DateOf(k.AcceptedAt, e.hall.Location) == today {
				b.AcceptedToday++
			}
			if k.FinishedAt != nil {
				fd := workday.DateOf(*k.FinishedAt, e.hall.Location)
				if fd == today {
					b.CompletedToday++
				}
				if fd.Year == today.Year && fd.Month == today.Month && k.State != CaseRefused {
					finished++
					if !fd.After(k.Due) {
						onTime++
					}
				}
			}
			if (f.Open && !k.State.Open()) || (f.Window != 0 && k.Window != f.Window) {
				continue
			}
			b.Cases = append(b.Cases, e.caseView(k, today))
		}
		if finished > 0 {
			r := float64(onTime) / float64(finished)
			b.OnTimeRateMonth = &r
		}
	})
	slices.SortFunc(b.Cases, func(x, y CaseView) int {
		if x.State.Open() != y.State.Open() {
			if x.State.Open() {
				return -1
			}
			return 1
		}
		if c := x.Due.Compare(y.Due); c != 0 {
			return c
		}
		return cmp.Compare(x.Number, y.Number)
	})
	if b.Cases == nil {
		b.Cases = []CaseView{}
	}
	return b, err
}

// CaseByNumber returns a case's public view.
func (e *Engine) CaseByNumber(number string) (CaseView, error) {
	var (
		v     CaseView
		found bool
	)
	err := e.read(func() {
		if k := e.cases[number]; k != nil {
			v, found = e.caseView(k, workday.DateOf(e.now(), e.hall.Location)), true
		}
	})
	if err == nil && !found {
		k, err := e.storedCase(number)
		if err != nil {
			return v, err
		}
		if k == nil {
			return v, refuse(ErrNotFound, "case_not_found", "没有受理编号为 %s 的办件", number)
		}
		e.mu.Lock()
		v = e.caseView(k, workday.DateOf(e.now(), e.hall.Location))
		e.mu.Unlock()
	}
	return v, err
}
