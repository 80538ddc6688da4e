package queue

import (
	"encoding/json"
	"strings"
	"time"
)

// Press kinds a device agent delivers.
const (
	PressEvaluation = "evaluation" // an evaluation keypad's press
	PressIssue      = "issue"      // a ticket dispenser button's press
)

// Press is a keypad or dispenser-button press made on a satellite board,
// as the board's agent delivers it from its outbox. Presses of one outbox
// carry the numbers 1, 2, 3… in the order they were made; the engine keeps
// the last number it applied per board, in the same commit as the press's
// effect, so a press delivered twice (the answer was lost, the agent
// restarted) takes effect once.
type Press struct {
	Outbox string    `json:"outbox"` // the outbox's identity: a new one (a re-imaged board) numbers from 1 again
	Seq    uint64    `json:"seq"`
	At     time.Time `json:"at"` // when it was pressed, by the board's clock
	Device string    `json:"device"`
	Kind   string    `json:"kind"`
	// Evaluation: the ticket id (or CaseNode) the keypad was armed for.
	Ref     string   `json:"ref,omitempty"`
	Level   int      `json:"level,omitempty"`
	Channel string   `json:"channel,omitempty"`
	Tags    []string `json:"tags,omitempty"`
	// Issue: the button's service.
	Service string `json:"service,omitempty"`

	// Refuse is the hub's own verdict, never read from the board: a press
	// the hub's device map does not allow this board (a keypad or button
	// wired elsewhere) is answered with it instead of being applied, and
	// so ends exactly once like any refused press.
	Refuse *Refusal `json:"-"`
}

// Delivery is the engine's answer to a press. A press the hall refuses (a
// service already rated, the hall closed, too late) is delivered all the
// same: Refused says why and the agent does not send it again.
type Delivery struct {
	Seq       uint64      `json:"seq"`
	Duplicate bool        `json:"duplicate,omitempty"` // applied before; this is the earlier answer
	Ticket    *TicketView `json:"ticket,omitempty"`    // issue: the new ticket
	Key       string      `json:"key,omitempty"`       // issue: the ticket's key for its QR code
	Refused   *Refusal    `json:"refused,omitempty"`
}

// Refusal is a refusal in a form that survives JSON.
type Refusal struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// agentRecord is what the engine keeps per board: the last press applied
// and its answer, sent again if the agent asks again.
type agentRecord struct {
	Board   string   `json:"board"`
	Outbox  string   `json:"outbox"`
	LastSeq uint64   `json:"last_seq"`
	Last    Delivery `json:"last"`
}

// AgentBoard returns the board a device agent's token belongs to.
func (e *Engine) AgentBoard(token string) (string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.requireRole(token, RoleAgent); err != nil {
		return "", err
	}
	return e.sessions[hashToken(token)].Staff[len(tokenPrefix[RoleAgent]):], nil
}

// Deliver applies a press from a board's outbox, exactly once: a press the
// engine has applied already gets its earlier answer with Duplicate set.
// Only a failure to commit (ErrUnavailable) or a bad token is an error:
// the agent keeps the press and tries again.
func (e *Engine) Deliver(token string, p Press) (Delivery, error) {
	if p.Outbox == "" || len(p.Outbox) > 64 || p.Seq == 0 {
		return Delivery{}, refuse(ErrBadInput, "bad_press", "按键记录无效")
	}
	c, err := e.begin()
	if err != nil {
		return Delivery{}, err
	}
	d, err := func() (Delivery, error) {
		if err := e.requireRole(token, RoleAgent); err != nil {
			return Delivery{}, err
		}
		board := e.sessions[hashToken(token)].Staff[len(tokenPrefix[RoleAgent]):]
		rec := e.agents[board]
		if rec == nil || rec.Outbox != p.Outbox {
			rec = &agentRecord{Board: board, Outbox: p.Outbox}
		}
		switch {
		case p.Seq == rec.LastSeq:
			d := rec.Last
			d.Duplicate = true
			return d, nil
		case p.Seq < rec.LastSeq:
			return Delivery{Seq: p.Seq, Duplicate: true}, nil
		}
		d := Delivery{Seq: p.Seq, Refused: p.Refuse}
		if p.Refuse == nil {
			d = e.applyPress(c, p)
		}
		rec.LastSeq, rec.Last = p.Seq, d
		e.agents[board] = rec
		c.agents = append(c.agents, rec)
		return d, nil
	}()
	return d, e.finish(c, err)
}

// applyPress runs the press's verb inside c; a refusal is its answer.
func (e *Engine) applyPress(c *change, p Press) Delivery {
	d := Delivery{Seq: p.Seq}
	var err error
	switch p.Kind {
	case PressEvaluation:
		r := EvaluateRequest{Ticket: p.Ref, Level: p.Level, Tags: p.Tags, Channel: p.Channel, pressedAt: p.At}
		if err = checkEvaluation(r); err == nil {
			if number, isCase := cutCaseNode(p.Ref); isCase {
				_, err = e.evaluateCase(c, number, r)
			} else {
				_, err = e.evaluate(c, r)
			}
		}
	case PressIssue:
		late := time.Duration(e.hall.Policy.LatePressMinutes) * time.Minute
		svc := e.hall.ServiceByID(p.Service)
		switch {
		case svc == nil:
			err = refuse(ErrBadInput, "unknown_service", "没有这项业务")
		case c.at.Sub(p.At) > late:
			err = refuse(ErrConflict, "press_too_late", "按键已过去 %d 分钟以上，不再出号", e.hall.Policy.LatePressMinutes)
		default:
			var t TicketView
			if t, err = e.issue(c, svc, IssueRequest{Service: p.Service, Channel: "button"}, ""); err == nil {
				d.Ticket, d.Key = &t, e.TicketKey(t.ID)
			}
		}
	default:
		err = refuse(ErrBadInput, "bad_press_kind", "未知的按键类型")
	}
	if qe, ok := err.(*Error); ok {
		d.Refused = &Refusal{Code: qe.Code, Message: qe.Message}
	} else if err != nil {
		d.Refused = &Refusal{Code: "internal", Message: err.Error()}
	}
	return d
}

func cutCaseNode(ref string) (string, bool) { return strings.CutPrefix(ref, CaseNode("")) }

func encodeAgent(rec *agentRecord) []byte {
	raw, _ := json.Marshal(rec)
	return raw
}
