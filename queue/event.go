package queue

import (
	"encoding/json"
	"time"
)

// Event types.
const (
	EvIssued      = "ticket.issued"
	EvCalled      = "ticket.called"
	EvRecalled    = "ticket.recalled"
	EvStarted     = "ticket.started"
	EvFinished    = "ticket.finished"
	EvNoShow      = "ticket.no_show"
	EvHeld        = "ticket.held"
	EvTransferred = "ticket.transferred"
	EvCancelled   = "ticket.cancelled"
	EvLogin       = "window.login"
	EvHandover    = "window.handover"
	EvLogout      = "window.logout"
	EvPaused      = "window.paused"
	EvResumed     = "window.resumed"
	EvDayClosed   = "day.closed"
)

// EvPrivate is the type of the placeholder an event stream sends in place
// of an event its reader may not see: {"seq":N,"type":"private"}, no time,
// no data. It keeps the sequence whole, so a reader resuming by seq never
// takes a withheld event for a lost one; it is never stored.
const EvPrivate = "private"

// Event is one committed change, as stored and as streamed.
type Event struct {
	Seq  uint64          `json:"seq"`
	Type string          `json:"type"`
	At   time.Time       `json:"at"`
	Data json.RawMessage `json:"data"`

	raw []byte // the whole event's JSON, encoded once: stored and streamed as is
}

// JSON returns the event's JSON encoding, as stored in the log. It is
// encoded once when the event is made, so streaming it to many screens
// costs no encoding; callers must not modify it.
func (e Event) JSON() []byte {
	if e.raw == nil {
		e.raw, _ = json.Marshal(e)
	}
	return e.raw
}

// EventData is the payload of an event; which fields are set depends on
// the type. Ticket and Window are the public views after the change.
type EventData struct {
	Ticket      *TicketView     `json:"ticket,omitempty"`
	Window      *WindowView     `json:"window,omitempty"`
	Staff       string          `json:"staff,omitempty"`
	FromStaff   string          `json:"from_staff,omitempty"`
	Reason      string          `json:"reason,omitempty"`
	Callback    bool            `json:"callback,omitempty"`
	First       bool            `json:"first,omitempty"` // a ticket's first call (its wait ends)
	Reinserted  bool            `json:"reinserted,omitempty"`
	FromService string          `json:"from_service,omitempty"`
	FromWindow  int             `json:"from_window,omitempty"`
	Day         string          `json:"day,omitempty"`
	Expired     []string        `json:"expired,omitempty"` // ticket numbers
	Device      *DeviceState    `json:"device,omitempty"`
	Evaluation  *EvaluationView `json:"evaluation,omitempty"`
	Case        *CaseView       `json:"case,omitempty"`
	FollowUp    *FollowUp       `json:"followup,omitempty"`
	Notice      *NoticeView     `json:"notice,omitempty"`
	Holidays    *HolidaysView   `json:"holidays,omitempty"`
}

// Decode unmarshals the event's payload.
func (e Event) Decode() (EventData, error) {
	var d EventData
	err := json.Unmarshal(e.Data, &d)
	return d, err
}
