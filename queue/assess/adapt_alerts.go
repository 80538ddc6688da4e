package assess

import (
	"encoding/json"
	"fmt"

	"halld/queue"
)

// Alert events as the alerts domain (queue/alerts) writes them. They are
// named here, not imported: the 考核 reads the log, not the domain.
const (
	evAlertRaised = "alert.raised"
	evAlertAcked  = "alert.acked"
)

// unackedAlerts gathers a month's alerts and their acknowledgements: an
// alert raised in the month and not acknowledged by a supervisor before
// the month ends is one UnackedAlert fact — whether its condition cleared
// or still holds — taken from its alert.raised event (Seq, time and
// attribution: department, window, staff). An acknowledgement in a later
// month is too late for the month that raised it; while a month is still
// running its unacknowledged alerts count provisionally (the report of a
// running month is read again on every request). The result depends on
// the month's events only, so reading the log again gives the same facts.
type unackedAlerts struct {
	raised []Fact
	acked  map[string]bool
}

type alertEvent struct {
	ID         string `json:"id"`
	Service    string `json:"service"`
	Window     int    `json:"window"`
	Staff      string `json:"staff"`
	Department string `json:"department"`
}

// see takes one event of the month, in order.
func (u *unackedAlerts) see(ev queue.Event, c *Context) error {
	if ev.Type != evAlertRaised && ev.Type != evAlertAcked {
		return nil
	}
	var d alertEvent
	if err := json.Unmarshal(ev.Data, &d); err != nil {
		return fmt.Errorf("assess: event %d (%s): %w", ev.Seq, ev.Type, err)
	}
	if d.ID == "" {
		return fmt.Errorf("assess: event %d (%s): no alert id", ev.Seq, ev.Type)
	}
	if ev.Type == evAlertAcked {
		if u.acked == nil {
			u.acked = map[string]bool{}
		}
		u.acked[d.ID] = true
		return nil
	}
	dept := d.Department
	if dept == "" {
		dept = department(c, d.Service)
	}
	u.raised = append(u.raised, Fact{Seq: ev.Seq, At: ev.At, Kind: UnackedAlert, Department: dept,
		Staff: d.Staff, Window: d.Window, Ref: d.ID})
	return nil
}

// facts are the month's alerts still unacknowledged, in the order raised.
func (u *unackedAlerts) facts() []Fact {
	var out []Fact
	for _, f := range u.raised {
		if !u.acked[f.Ref] {
			out = append(out, f)
		}
	}
	return out
}
