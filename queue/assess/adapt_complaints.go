package assess

import (
	"encoding/json"
	"fmt"

	"halld/queue"
)

// complaintEvent is what complaintUpheld reads of complaint.updated (the
// complaints domain's Event: attribution, state, finding, nothing personal).
type complaintEvent struct {
	ID         string `json:"id"`
	State      string `json:"state"`
	Finding    string `json:"finding"`
	Window     int    `json:"window"`
	Staff      string `json:"staff"`
	Service    string `json:"service"`
	Department string `json:"department"`
	Case       string `json:"case"`
}

// complaintUpheld: a complaint concluded (办结) with the finding 属实 is one
// ComplaintUpheld fact, counted against what the complaint names — its
// department (else its service's), its staff member, its window. A
// complaint is concluded once (the desk has no step after 办结), so the
// concluding event is the only one in that state.
func complaintUpheld(ev queue.Event, c *Context) ([]Fact, error) {
	var d complaintEvent
	if err := json.Unmarshal(ev.Data, &d); err != nil {
		return nil, err
	}
	if d.ID == "" {
		return nil, fmt.Errorf("no complaint id")
	}
	if d.State != "concluded" || d.Finding != "substantiated" {
		return nil, nil
	}
	dept := d.Department
	if dept == "" {
		dept = department(c, d.Service)
	}
	return []Fact{{Seq: ev.Seq, At: ev.At, Kind: ComplaintUpheld, Department: dept, Staff: d.Staff,
		Window: d.Window, Ref: d.ID}}, nil
}
