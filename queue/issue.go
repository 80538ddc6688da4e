package queue

import (
	"crypto/rand"
	"encoding/base32"
	"strings"
	"time"

	"halld/queue/hall"
	"halld/queue/idnum"
	"halld/queue/workday"
)

// Channels a ticket can be issued through.
var channels = map[string]bool{"kiosk": true, "button": true, "appointment": true, "mobile": true, "api": true, "window": true}

// IssueRequest asks for a ticket.
type IssueRequest struct {
	Service  string `json:"service"`
	Channel  string `json:"channel"`
	Priority string `json:"priority,omitempty"`
	IDNumber string `json:"id_number,omitempty"`
	// PriorityFrom, when later than the issue, is when Priority starts to
	// count: an appointment checked in before its slot waits as a walk-in
	// until the slot begins (queue/booking). Set by the engine's callers
	// only, never from a request body.
	PriorityFrom time.Time `json:"-"`
}

// orderGap spaces arrival places so no-show re-inserts fit between them.
const orderGap = 1 << 16

var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// newTicketID returns an unguessable id (128 random bits).
func newTicketID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return idEncoding.EncodeToString(b)
}

// Issue issues a ticket, enforcing the service's hours, the hall's cut-off,
// the daily cap and the one-waiting-ticket-per-ID rule.
func (e *Engine) Issue(req IssueRequest) (TicketView, error) {
	if req.Channel == "" {
		req.Channel = "api"
	}
	svc := e.hall.ServiceByID(req.Service)
	switch {
	case svc == nil:
		return TicketView{}, refuse(ErrBadInput, "unknown_service", "没有这项业务")
	case !channels[req.Channel]:
		return TicketView{}, refuse(ErrBadInput, "bad_channel", "取号渠道无效")
	case req.Priority != "" && e.hall.PriorityByID(req.Priority) == nil:
		return TicketView{}, refuse(ErrBadInput, "unknown_priority", "没有这种优先类别")
	}
	idNumber := strings.ToUpper(strings.TrimSpace(req.IDNumber))
	if idNumber != "" && !ValidIDNumber(idNumber) {
		return TicketView{}, refuse(ErrBadInput, "bad_id_number", "身份证号码不正确，请核对")
	}
	c, err := e.begin()
	if err != nil {
		return TicketView{}, err
	}
	v, err := e.issue(c, svc, req, idNumber)
	return v, e.finish(c, err)
}

func (e *Engine) issue(c *change, svc *hall.Service, req IssueRequest, idNumber string) (TicketView, error) {
	if err := e.checkHours(c, svc); err != nil {
		return TicketView{}, err
	}
	if svc.DailyCap > 0 && e.meta.Issued[svc.ID] >= svc.DailyCap {
		return TicketView{}, refuse(ErrConflict, "cap_reached", "今日「%s」的号已取完，请明天再来", svc.Name)
	}
	var idHash string
	if idNumber != "" {
		idHash = e.keys.hash(idNumber)
		if e.hall.Policy.OneTicketPerID {
			if id, ok := e.byID[svc.ID+"|"+idHash]; ok {
				return TicketView{}, refuse(ErrConflict, "duplicate_ticket", "您已有「%s」的号 %s，请勿重复取号", svc.Name, e.tickets[id].Number)
			}
		}
	}
	seq := e.meta.Counters[svc.ID]
	var number string
	for {
		seq++
		number = formatNumber(svc.Prefix, svc.Width, seq)
		if e.live[number] == nil { // only with overnight queues can it be taken
			break
		}
	}
	e.meta.Counters[svc.ID] = seq
	e.meta.Issued[svc.ID]++
	t := &Ticket{
		ID: newTicketID(), Number: number, Service: svc.ID, Day: e.meta.Day, Seq: seq,
		Channel: req.Channel, Priority: req.Priority, IDHash: idHash, IDMasked: MaskID(idNumber),
		State: Waiting, IssuedAt: c.at, Order: e.meta.NextOrder,
	}
	if req.Priority != "" && req.PriorityFrom.After(c.at) {
		from := req.PriorityFrom
		t.PriorityFrom = &from
	}
	e.meta.NextOrder += orderGap
	e.tickets[t.ID] = t
	e.live[number] = t
	if idHash != "" {
		e.byID[svc.ID+"|"+idHash] = t.ID
	}
	e.enqueue(t)
	c.newTickets = append(c.newTickets, t)
	c.ticketEvent(EvIssued, t, nil, EventData{})
	return e.view(t), nil
}

// checkHours refuses issuing outside the service's issuing hours, after the
// cut-off before closing, and after the day's close.
func (e *Engine) checkHours(c *change, svc *hall.Service) error {
	h := e.hall
	kind := e.dayKind(c.at)
	if len(h.OpenSpans(c.at, kind)) == 0 {
		return refuse(ErrConflict, "hall_closed", "今天不办公")
	}
	m := h.MinuteOfDay(c.at)
	spans := h.IssueSpans(svc.ID, c.at, kind)
	if !hall.In(spans, m) {
		return refuse(ErrConflict, "outside_hours", "现在不是「%s」的取号时间（取号时间：%s）", svc.Name, formatSpans(spans))
	}
	if closing, _ := h.Closing(c.at, kind); h.Hours.IssueCutoffMinutes > 0 && m >= closing-h.Hours.IssueCutoffMinutes {
		return refuse(ErrConflict, "issue_cutoff", "今日已停止取号（下班前%d分钟停止取号）", h.Hours.IssueCutoffMinutes)
	}
	if e.meta.ClosedDay == e.meta.Day {
		return refuse(ErrConflict, "day_closed", "今日已结束办理，请明天再来")
	}
	return nil
}

// dayKind is how the official calendar classes t's day, for the opening
// hours (provisional or not: a year without a table still has its fixed
// holidays).
func (e *Engine) dayKind(t time.Time) workday.Kind {
	k, _ := e.cal.Kind(workday.DateOf(t, e.hall.Location))
	return k
}

func formatSpans(spans []hall.Span) string {
	var b strings.Builder
	for i, s := range spans {
		if i > 0 {
			b.WriteString("、")
		}
		b.WriteString(clock(s.Start) + "–" + clock(s.End))
	}
	return b.String()
}

func clock(m int) string {
	return string([]byte{byte('0' + m/600), byte('0' + m/60%10), ':', byte('0' + m%60/10), byte('0' + m%10)})
}

// ValidIDNumber checks an 18-character resident ID number (GB 11643): 17
// digits with a real birth date and an ISO 7064 MOD 11-2 check character
// (package idnum, which the kiosk, the devices and other domains share).
func ValidIDNumber(s string) bool { return idnum.Check(s) == nil }

// MaskID masks an ID number for any public surface and for storage: only
// the last four characters stay (**************1234). The first six (the
// region) and the birth date are not kept: with them, the number was one
// of a few thousand, found by brute force against its hash.
func MaskID(s string) string { return maskLast4(s) }

// maskLast4 replaces all but the last four characters by stars; a value of
// four or fewer is starred entirely.
func maskLast4(s string) string {
	r := []rune(s)
	if len(r) <= 4 {
		return strings.Repeat("*", len(r))
	}
	return strings.Repeat("*", len(r)-4) + string(r[len(r)-4:])
}
