package queue

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"halld/queue/workday"
)

// Follow-up events.
const (
	EvFollowUpOpened  = "followup.opened"
	EvFollowUpUpdated = "followup.updated"
)

// Follow-up states: every 差评 (不满意, 非常不满意) is verified with the
// applicant (回访核实), then rectified (整改) and answered (反馈).
const (
	FollowOpen       = "open"       // 待回访
	FollowVerified   = "verified"   // 已回访核实
	FollowRectifying = "rectifying" // 整改中
	FollowClosed     = "closed"     // 已整改反馈
)

var followMoves = map[string][]string{
	FollowOpen:       {FollowVerified, FollowClosed},
	FollowVerified:   {FollowRectifying, FollowClosed},
	FollowRectifying: {FollowClosed},
}

// FollowUp is the handling of one 差评.
type FollowUp struct {
	Ticket    string       `json:"ticket"`
	Number    string       `json:"number"`
	Service   string       `json:"service"`
	Window    int          `json:"window,omitempty"`
	Staff     string       `json:"staff,omitempty"`
	Level     int          `json:"level"`
	LevelName string       `json:"level_name"`
	Tags      []string     `json:"tags,omitempty"`
	OpenedAt  time.Time    `json:"opened_at"`
	State     string       `json:"state"`
	VerifyDue workday.Date `json:"verify_due"` // 回访核实 by this day
	CloseDue  workday.Date `json:"close_due"`  // 整改反馈 by this day
	// Provisional: a due day lies in a year without a holiday table; both
	// are recomputed when the admin loads one.
	Provisional bool        `json:"provisional,omitempty"`
	Verified    *time.Time  `json:"verified_at,omitempty"`
	Closed      *time.Time  `json:"closed_at,omitempty"`
	Notes       []CaseEntry `json:"notes,omitempty"`
	Overdue     bool        `json:"overdue"`              // computed when read
	StaffName   string      `json:"staff_name,omitempty"` // computed when read, from the hall's staff
}

// openFollowUp starts the follow-up of a 差评; called by Evaluate.
func (c *change) openFollowUp(t *Ticket) {
	c.openFollowUpFor(t.ID, t.Number, t.Service, t.Window, t.Staff, t.Evaluation)
}

// openFollowUpFor starts the follow-up of any 差评: key is the ticket id,
// or "case:" + the case number for the 办结 node of a case.
func (c *change) openFollowUpFor(key, number, service string, window int, staff string, ev *Evaluation) {
	e := c.e
	f := &FollowUp{Ticket: key, Number: number, Service: service, Window: window, Staff: staff,
		Level: ev.Level, LevelName: LevelName(ev.Level), Tags: ev.Tags, OpenedAt: c.at, State: FollowOpen}
	e.followDeadlines(f)
	e.follow[f.Ticket] = f
	c.followUp(EvFollowUpOpened, f, "")
}

// followDeadlines sets a follow-up's due days: the policy's working days
// from the day it was opened, by the calendar as it is now (so with the
// current policy too, when called again after a holiday table is loaded).
// It reports whether anything changed.
func (e *Engine) followDeadlines(f *FollowUp) bool {
	p := e.hall.Policy
	verify, pv := e.cal.Deadline(f.OpenedAt, p.FollowUpVerifyDays, nil)
	closeDue, pc := e.cal.Deadline(f.OpenedAt, p.FollowUpCloseDays, nil)
	changed := verify != f.VerifyDue || closeDue != f.CloseDue || (pv || pc) != f.Provisional
	f.VerifyDue, f.CloseDue, f.Provisional = verify, closeDue, pv || pc
	return changed
}

// followUp records a follow-up's change; by (the supervisor, "" when the
// hall opened it) is the event's Staff, for the audit trail.
func (c *change) followUp(typ string, f *FollowUp, by string) {
	if c.follows == nil {
		c.follows = map[string]*FollowUp{}
	}
	c.follows[f.Ticket] = f
	v := publicFollowUp(c.e.followView(f, c.e.today(c)))
	c.emit(typ, EventData{FollowUp: &v, Staff: by})
}

// publicFollowUp is what the event stream, which anyone in the hall may
// read, carries of a follow-up: no notes (what the applicant said on the
// phone, with names and numbers) and no tags (free text when they come
// from the phone page). Supervisors read both with FollowUps.
func publicFollowUp(v FollowUp) FollowUp {
	v.Notes, v.Tags = nil, nil
	return v
}

func (e *Engine) followView(f *FollowUp, today workday.Date) FollowUp {
	v := *f
	v.Notes = slices.Clone(f.Notes)
	if s := e.hall.StaffByID(f.Staff); s != nil {
		v.StaffName = s.Name
	}
	switch f.State {
	case FollowOpen:
		v.Overdue = today.After(f.VerifyDue)
	case FollowVerified, FollowRectifying:
		v.Overdue = today.After(f.CloseDue)
	}
	return v
}

// FollowUpUpdate moves a follow-up on with a note (what the applicant said,
// what was rectified).
type FollowUpUpdate struct {
	State string `json:"state"`
	Note  string `json:"note"`
}

// UpdateFollowUp records a step; supervisors and admins only (token).
func (e *Engine) UpdateFollowUp(token, ticket string, u FollowUpUpdate) (FollowUp, error) {
	if n := utf8.RuneCountInString(strings.TrimSpace(u.Note)); n == 0 || n > 500 {
		return FollowUp{}, refuse(ErrBadInput, "note_required", "请填写回访或整改情况（不超过500字）")
	}
	c, err := e.begin()
	if err != nil {
		return FollowUp{}, err
	}
	var v FollowUp
	err = func() error {
		if err := e.requireRole(token, "supervisor", "admin"); err != nil {
			return err
		}
		f := e.follow[ticket]
		if f == nil {
			return refuse(ErrNotFound, "followup_not_found", "没有这条差评回访")
		}
		if !slices.Contains(followMoves[f.State], u.State) {
			return refuse(ErrConflict, "bad_followup_state", "回访不能从「%s」变为「%s」", f.State, u.State)
		}
		if f.State == FollowOpen {
			f.Verified = ptime(c.at)
		}
		if u.State == FollowClosed {
			f.Closed = ptime(c.at)
		}
		f.State = u.State
		by := e.sessions[hashToken(token)].Staff
		f.Notes = append(f.Notes, CaseEntry{At: c.at, Note: u.Note, By: by})
		c.followUp(EvFollowUpUpdated, f, by)
		v = e.followView(f, e.today(c))
		if f.State == FollowClosed {
			delete(e.follow, ticket) // kept in the database
		}
		return nil
	}()
	return v, e.finish(c, err)
}

// FollowUps lists the open follow-ups, the most urgent first, for
// supervisors and admins.
func (e *Engine) FollowUps(token string) ([]FollowUp, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.requireRole(token, "supervisor", "admin"); err != nil {
		return nil, err
	}
	today := workday.DateOf(e.now(), e.hall.Location)
	out := []FollowUp{}
	for _, f := range e.follow {
		out = append(out, e.followView(f, today))
	}
	slices.SortFunc(out, func(a, b FollowUp) int { return a.OpenedAt.Compare(b.OpenedAt) })
	return out, nil
}
