package uplink

import (
	"bytes"
	"encoding/json"
	"fmt"

	"halld/queue"
)

// Filter is what an event keeps when it leaves the hall for the centre.
// Events are public views already (masked applicant names and ID numbers,
// staff as shown at the windows), but some fields hold free text people
// typed, which stays in the hall:
//
//   - followup.notes (回访 and 整改 notes, which may quote the applicant)
//     are replaced by followup.notes_count, and followup.tags (typed on the
//     phone page) are dropped. The engine already leaves both out of its
//     events (queue.publicFollowUp); the filter holds the line should a log
//     written before that, or a later change, carry them;
//   - reason and window.pause_reason (a clerk's pause reason, free text up
//     to 32 characters) are kept only when they are one of the hall's
//     configured pause reasons, else replaced by OtherReason.
//
// Every other field leaves as the log holds it; docs/centre.md ("What
// leaves a hall") lists them. An event without these fields is passed on
// byte for byte, so the common case costs a scan, not a decode.
type Filter struct {
	// Reasons are the hall's configured pause reasons.
	Reasons []string
}

// OtherReason replaces a pause reason that is not one of the hall's list.
const OtherReason = "其他"

// Event returns ev's JSON as it may leave the hall.
func (f Filter) Event(ev queue.Event) ([]byte, error) {
	raw := ev.JSON()
	if !bytes.Contains(ev.Data, []byte(`"notes"`)) && !bytes.Contains(ev.Data, []byte(`"tags"`)) && !bytes.Contains(ev.Data, []byte(`reason"`)) {
		return raw, nil
	}
	var data map[string]json.RawMessage
	if err := json.Unmarshal(ev.Data, &data); err != nil {
		return nil, fmt.Errorf("uplink: filter event %d: %w", ev.Seq, err)
	}
	changed := false
	if fu, ok := data["followup"]; ok {
		out, c, err := f.followUp(fu)
		if err != nil {
			return nil, fmt.Errorf("uplink: filter event %d: %w", ev.Seq, err)
		}
		data["followup"], changed = out, changed || c
	}
	if r, ok := data["reason"]; ok {
		data["reason"], changed = f.reason(r), true
	}
	if w, ok := data["window"]; ok && bytes.Contains(w, []byte(`"pause_reason"`)) {
		var win map[string]json.RawMessage
		if err := json.Unmarshal(w, &win); err != nil {
			return nil, fmt.Errorf("uplink: filter event %d: %w", ev.Seq, err)
		}
		if r, ok := win["pause_reason"]; ok {
			win["pause_reason"] = f.reason(r)
			data["window"], _ = json.Marshal(win)
			changed = true
		}
	}
	if !changed {
		return raw, nil
	}
	d, err := json.Marshal(data)
	if err != nil {
		return nil, err
	}
	return json.Marshal(queue.Event{Seq: ev.Seq, Type: ev.Type, At: ev.At, Data: d})
}

func (f Filter) followUp(raw json.RawMessage) (json.RawMessage, bool, error) {
	var fu map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fu); err != nil {
		return nil, false, err
	}
	notes, hasNotes := fu["notes"]
	_, hasTags := fu["tags"]
	if !hasNotes && !hasTags {
		return raw, false, nil
	}
	if hasNotes {
		var list []json.RawMessage
		if err := json.Unmarshal(notes, &list); err != nil {
			return nil, false, err
		}
		delete(fu, "notes")
		fu["notes_count"], _ = json.Marshal(len(list))
	}
	delete(fu, "tags")
	out, err := json.Marshal(fu)
	return out, true, err
}

func (f Filter) reason(raw json.RawMessage) json.RawMessage {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		for _, r := range f.Reasons {
			if s == r {
				return raw
			}
		}
	}
	out, _ := json.Marshal(OtherReason)
	return out
}
