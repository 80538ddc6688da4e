package queue

import (
	"fmt"
	"time"
)

// State is a ticket's state.
type State string

// Ticket states. Waiting, Called, Serving and Held are live; the others are
// final.
const (
	Waiting   State = "waiting"
	Called    State = "called"
	Serving   State = "serving"
	Held      State = "held"
	Done      State = "done"
	NoShow    State = "no_show"
	Cancelled State = "cancelled"
	Expired   State = "expired"
)

// Live reports whether a ticket in state s is still in the hall's queue.
func (s State) Live() bool { return s == Waiting || s == Called || s == Serving || s == Held }

// Chinese is the state's name on screens.
func (s State) Chinese() string {
	switch s {
	case Waiting:
		return "等候中"
	case Called:
		return "已叫号"
	case Serving:
		return "办理中"
	case Held:
		return "挂起"
	case Done:
		return "已办结"
	case NoShow:
		return "过号"
	case Cancelled:
		return "已取消"
	case Expired:
		return "已过期"
	}
	return string(s)
}

// Ticket is the engine's full record of one ticket, as persisted. It holds
// no raw personal data: an ID number is kept only as a keyed hash and a
// masked form. Use View for anything shown outside the engine.
type Ticket struct {
	ID       string `json:"id"`
	Number   string `json:"number"`
	Service  string `json:"service"`
	Day      string `json:"day"`
	Seq      int    `json:"seq"`
	Channel  string `json:"channel"`
	Priority string `json:"priority,omitempty"`
	// PriorityFrom: the priority counts from this time on (an appointment's
	// slot); before it the ticket is called as a walk-in. Nil: at once.
	PriorityFrom *time.Time `json:"priority_from,omitempty"`
	IDHash       string     `json:"id_hash,omitempty"`
	IDMasked     string     `json:"id_masked,omitempty"`
	State        State      `json:"state"`
	IssuedAt     time.Time  `json:"issued_at"`
	// Order is the arrival place; lower is earlier. It survives transfers
	// and is moved back on a no-show re-insert.
	Order        int64       `json:"order"`
	Window       int         `json:"window,omitempty"`
	TargetWindow int         `json:"target_window,omitempty"`
	Staff        string      `json:"staff,omitempty"`
	CalledAt     *time.Time  `json:"called_at,omitempty"`
	LastCalledAt *time.Time  `json:"last_called_at,omitempty"`
	Recalls      int         `json:"recalls,omitempty"`
	StartedAt    *time.Time  `json:"started_at,omitempty"`
	FinishedAt   *time.Time  `json:"finished_at,omitempty"`
	Outcome      string      `json:"outcome,omitempty"`
	NoShows      int         `json:"no_shows,omitempty"`
	Reinserts    int         `json:"reinserts,omitempty"`
	Transfers    int         `json:"transfers,omitempty"`
	Evaluation   *Evaluation `json:"evaluation,omitempty"`
}

// TicketView is what the API, screens and events show of a ticket.
type TicketView struct {
	ID           string     `json:"id"`
	Number       string     `json:"number"`
	Service      string     `json:"service"`
	ServiceName  string     `json:"service_name"`
	State        State      `json:"state"`
	Priority     string     `json:"priority,omitempty"`
	Channel      string     `json:"channel"`
	Day          string     `json:"day"`
	IssuedAt     time.Time  `json:"issued_at"`
	CalledAt     *time.Time `json:"called_at,omitempty"`
	StartedAt    *time.Time `json:"started_at,omitempty"`
	Window       int        `json:"window,omitempty"`
	TargetWindow int        `json:"target_window,omitempty"`
	Recalls      int        `json:"recalls,omitempty"`
	Outcome      string     `json:"outcome,omitempty"`
	Evaluated    bool       `json:"evaluated,omitempty"`
	// Ahead and WaitEstimateS are set while the ticket waits.
	Ahead         *int  `json:"ahead,omitempty"`
	WaitEstimateS *int  `json:"wait_estimate_s,omitempty"`
	Windows       []int `json:"windows,omitempty"` // windows that serve it, while waiting
}

// Finish outcomes.
const (
	OutcomeHandled   = "handled"   // 办结
	OutcomeAccepted  = "accepted"  // 受理 (becomes a case)
	OutcomeConsulted = "consulted" // 咨询
	OutcomeRejected  = "rejected"  // 不予受理 / 一次性告知
)

func validOutcome(o string) bool {
	switch o {
	case OutcomeHandled, OutcomeAccepted, OutcomeConsulted, OutcomeRejected:
		return true
	}
	return false
}

// formatNumber renders prefix + sequence, zero-padded to width; past the
// width's capacity the number simply widens (A999 → A1000).
func formatNumber(prefix string, width, seq int) string {
	return fmt.Sprintf("%s%0*d", prefix, width, seq)
}

func ptime(t time.Time) *time.Time { return &t }
