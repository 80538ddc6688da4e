package complaints

import (
	"slices"
	"time"

	"halld/queue"
	"halld/queue/workday"
)

// Domain is the records' and events' domain.
const Domain = "complaint"

// Events.
const (
	EvFiled   = "complaint.filed"
	EvUpdated = "complaint.updated"
)

// States: 受理 → 调查 → 办结.
const (
	Received      = "received"      // 受理
	Investigating = "investigating" // 调查
	Concluded     = "concluded"     // 办结
)

// Findings at 办结.
const (
	Substantiated   = "substantiated"   // 属实
	Unsubstantiated = "unsubstantiated" // 不属实
)

// Sources: where a complaint was registered.
const (
	FromDesk     = "desk"     // at the 监察投诉窗口 or by a supervisor
	FromFollowUp = "followup" // turned from a 差评 follow-up
	FromAPI      = "api"      // an outside system's token (12345 hotline…)
)

var stateNames = map[string]string{Received: "受理", Investigating: "调查", Concluded: "办结"}
var findingNames = map[string]string{Substantiated: "属实", Unsubstantiated: "不属实"}

// moves are the steps a complaint may take: investigation comes first.
var moves = map[string]string{Received: Investigating, Investigating: Concluded}

// Entry is one step of a complaint's history.
type Entry struct {
	At    time.Time `json:"at"`
	State string    `json:"state"`
	Note  string    `json:"note,omitempty"`
	By    string    `json:"by"`
}

// Complaint is a complaint as stored.
type Complaint struct {
	ID         string `json:"id"`
	Source     string `json:"source"`
	FollowUp   string `json:"followup,omitempty"` // ticket id of the 差评 (or "case:<number>")
	Window     int    `json:"window,omitempty"`
	Staff      string `json:"staff,omitempty"`
	Service    string `json:"service,omitempty"`
	Case       string `json:"case,omitempty"`
	Department string `json:"department,omitempty"`
	Summary    string `json:"summary"`
	// Sealed is the complainant's contact (JSON of Contact), sealed with
	// the hall's key; Name and Phone are its masks.
	Sealed      []byte       `json:"sealed,omitempty"`
	Name        string       `json:"name,omitempty"`
	Phone       string       `json:"phone,omitempty"`
	FiledAt     time.Time    `json:"filed_at"`
	FiledBy     string       `json:"filed_by"`
	State       string       `json:"state"`
	AcceptDue   workday.Date `json:"accept_due"`
	ConcludeDue workday.Date `json:"conclude_due"`
	Provisional bool         `json:"provisional,omitempty"`
	Finding     string       `json:"finding,omitempty"`
	ConcludedAt *time.Time   `json:"concluded_at,omitempty"`
	History     []Entry      `json:"history"`
}

func (c *Complaint) clone() *Complaint {
	n := *c
	n.History = slices.Clone(c.History)
	return &n
}

// View is a complaint as the API shows it to those who handle complaints:
// the contact masked, the names and the overdue flag filled in.
type View struct {
	Complaint          // Sealed left empty
	StateName   string `json:"state_name"`
	FindingName string `json:"finding_name,omitempty"`
	ServiceName string `json:"service_name,omitempty"`
	StaffName   string `json:"staff_name,omitempty"`
	// Overdue: "accept" (not taken up in time), "conclude" (not concluded
	// in time) or "".
	Overdue string `json:"overdue,omitempty"`
	// OnTime tells, once concluded, whether it was by ConcludeDue.
	OnTime *bool `json:"on_time,omitempty"`
}

// Contact is how to reach the complainant (either may be empty: a
// complaint may be anonymous).
type Contact struct {
	Name  string `json:"name,omitempty"`
	Phone string `json:"phone,omitempty"`
}

// Event is the payload of complaint.filed and complaint.updated: the
// attribution, the state, the finding and who acted, nothing personal.
type Event struct {
	ID          string       `json:"id"`
	Source      string       `json:"source"`
	State       string       `json:"state"`
	Finding     string       `json:"finding,omitempty"`
	Window      int          `json:"window,omitempty"`
	Staff       string       `json:"staff,omitempty"`
	Service     string       `json:"service,omitempty"`
	Department  string       `json:"department,omitempty"`
	Case        string       `json:"case,omitempty"`
	FollowUp    string       `json:"followup,omitempty"`
	FiledAt     time.Time    `json:"filed_at"`
	AcceptDue   workday.Date `json:"accept_due"`
	ConcludeDue workday.Date `json:"conclude_due"`
	Provisional bool         `json:"provisional,omitempty"`
	OnTime      *bool        `json:"on_time,omitempty"`
	By          string       `json:"by"`
}

func (c *Complaint) event(by string, loc *time.Location) Event {
	return Event{ID: c.ID, Source: c.Source, State: c.State, Finding: c.Finding, Window: c.Window, Staff: c.Staff,
		Service: c.Service, Department: c.Department, Case: c.Case, FollowUp: c.FollowUp, FiledAt: c.FiledAt,
		AcceptDue: c.AcceptDue, ConcludeDue: c.ConcludeDue, Provisional: c.Provisional, OnTime: c.onTime(loc), By: by}
}

func (c *Complaint) onTime(loc *time.Location) *bool {
	if c.ConcludedAt == nil {
		return nil
	}
	ok := !workday.DateOf(*c.ConcludedAt, loc).After(c.ConcludeDue)
	return &ok
}

// overdue says which due day today has passed ("" when none).
func (c *Complaint) overdue(today workday.Date) string {
	switch {
	case c.State == Received && today.After(c.AcceptDue):
		return "accept"
	case c.State != Concluded && today.After(c.ConcludeDue):
		return "conclude"
	}
	return ""
}

// refuse builds the engine's kind of refusal.
func refuse(kind error, code, msg string) error {
	return &queue.Error{Kind: kind, Code: code, Message: msg}
}
