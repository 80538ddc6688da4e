package queue

import (
	"cmp"
	"crypto/hmac"
	"time"
	"unicode/utf8"
)

// EvEvaluated is the event of an applicant's evaluation (好差评) of a
// finished service.
const EvEvaluated = "ticket.evaluated"

// levelNames are the five levels fixed by 国办发〔2019〕51号, by stars.
var levelNames = [6]string{"", "非常不满意", "不满意", "基本满意", "满意", "非常满意"}

// LevelName is the Chinese name of an evaluation level (1–5 stars).
func LevelName(level int) string {
	if level < 1 || level > 5 {
		return ""
	}
	return levelNames[level]
}

// Evaluation channels.
var evalChannels = map[string]bool{"keypad": true, "tablet": true, "qr": true, "web": true}

// Evaluation is one applicant's rating of one finished service (一次一评).
type Evaluation struct {
	Level   int       `json:"level"` // 1 非常不满意 … 5 非常满意
	Tags    []string  `json:"tags,omitempty"`
	Comment string    `json:"comment,omitempty"`
	Channel string    `json:"channel"`
	Active  bool      `json:"active"` // given by the applicant, not a default
	At      time.Time `json:"at"`
}

// EvaluationView is what screens and the window terminal see of an
// evaluation: never the comment, which may hold personal data.
type EvaluationView struct {
	Level     int    `json:"level"`
	LevelName string `json:"level_name"`
	Channel   string `json:"channel"`
	Active    bool   `json:"active"` // false: a default applied by the policy
	Staff     string `json:"staff,omitempty"`
}

// EvaluateRequest rates the finished service of a ticket.
type EvaluateRequest struct {
	Ticket  string   `json:"ticket"`
	Level   int      `json:"level"`
	Tags    []string `json:"tags,omitempty"`
	Comment string   `json:"comment,omitempty"`
	Channel string   `json:"channel"`
	// Device is the keypad that took the press, for a board to name it
	// to the hub (which checks it is the board's own); not part of the API.
	Device string `json:"-"`

	pressedAt time.Time // a board's press delivered late: when it was made (zero: now)
}

// deviceChannels are the window's own evaluation devices. They rate the
// service the window just finished, so a press there counts only until
// the window moves on; the phone (qr, web) rates by the ticket's key.
var deviceChannels = map[string]bool{"keypad": true, "tablet": true}

// Evaluate records an evaluation of a finished ticket: exactly one per
// service; a second one is refused, as is one for a ticket not finished.
func (e *Engine) Evaluate(r EvaluateRequest) (TicketView, error) {
	if err := checkEvaluation(r); err != nil {
		return TicketView{}, err
	}
	c, err := e.begin()
	if err != nil {
		return TicketView{}, err
	}
	v, err := e.evaluate(c, r)
	return v, e.finish(c, err)
}

func checkEvaluation(r EvaluateRequest) error {
	switch {
	case r.Level < 1 || r.Level > 5:
		return refuse(ErrBadInput, "bad_level", "评价等级无效")
	case !evalChannels[r.Channel]:
		return refuse(ErrBadInput, "bad_channel", "评价渠道无效")
	case len(r.Tags) > 8 || utf8.RuneCountInString(r.Comment) > 200:
		return refuse(ErrBadInput, "too_long", "评价标签或意见过长")
	}
	for _, tag := range r.Tags {
		if n := utf8.RuneCountInString(tag); n == 0 || n > 16 {
			return refuse(ErrBadInput, "bad_tag", "评价标签无效")
		}
	}
	return nil
}

func (e *Engine) evaluate(c *change, r EvaluateRequest) (TicketView, error) {
	t, err := e.ratableTicket(r.Ticket)
	if err != nil {
		return TicketView{}, err
	}
	days := e.hall.Policy.EvaluationDays
	switch {
	case t == nil:
		return TicketView{}, errNoTicket()
	case t.Day < e.hall.Day(c.at.AddDate(0, 0, -days)):
		if days == 0 {
			return TicketView{}, refuse(ErrConflict, "evaluation_closed", "%s 的评价期已过（仅限办理当天评价）", t.Number)
		}
		return TicketView{}, refuse(ErrConflict, "evaluation_closed", "%s 的评价期已过（办理后%d天内可评价）", t.Number, days)
	case t.State != Done:
		return TicketView{}, refuse(ErrConflict, "not_finished", "%s 尚未办结，不能评价", t.Number)
	case t.Evaluation != nil:
		return TicketView{}, refuse(ErrConflict, "already_evaluated", "%s 已评价，每次服务只能评价一次", t.Number)
	case deviceChannels[r.Channel] && e.movedOn(t, cmp.Or(r.pressedAt, c.at)):
		return TicketView{}, refuse(ErrConflict, "evaluation_closed", "%d号窗口已接待下一位，%s 的评价器评价已结束", t.Window, t.Number)
	}
	t.Evaluation = &Evaluation{Level: r.Level, Tags: r.Tags, Comment: r.Comment, Channel: r.Channel, Active: true, At: c.at}
	c.ticketEvent(EvEvaluated, t, nil, EventData{
		Evaluation: &EvaluationView{Level: r.Level, LevelName: LevelName(r.Level), Channel: r.Channel, Active: true, Staff: t.Staff},
		FromWindow: t.Window,
	})
	if r.Level <= 2 { // 差评: every one is followed up
		c.openFollowUp(t)
	}
	return e.view(t), nil
}

// movedOn reports whether the window that finished t had called another
// ticket by the time at: its evaluation device then no longer rates t
// (the press was meant for the next service, or for nobody).
func (e *Engine) movedOn(t *Ticket, at time.Time) bool {
	w := e.windows[t.Window]
	if w == nil || w.Current == "" || w.Current == t.ID {
		return false
	}
	cur := e.tickets[w.Current]
	if cur == nil {
		return true
	}
	// When the window took cur on: its first call here, or the latest call
	// when the first was at another window before a transfer.
	took := cur.LastCalledAt
	if cur.CalledAt != nil && t.FinishedAt != nil && !cur.CalledAt.Before(*t.FinishedAt) {
		took = cur.CalledAt
	}
	if took == nil {
		took = cur.StartedAt
	}
	return took == nil || !took.After(at)
}

// defaultEvaluations applies the policy's default evaluation to the
// services of days at least DefaultEvaluationDays old that nobody rated
// (marked not active). Called at the day rollover; it reads those days'
// tickets from the database, a day at a time, at most a month per run.
func (e *Engine) defaultEvaluations(c *change) {
	p := e.hall.Policy
	if p.DefaultEvaluationDays == 0 {
		return
	}
	upTo := c.at.AddDate(0, 0, -p.DefaultEvaluationDays).In(e.hall.Location).Format(time.DateOnly)
	day := e.meta.DefaultEvalDay
	if day == "" {
		day = upTo // first run: start from now on, not from the beginning of history
	}
	for range 31 {
		if day > upTo {
			return
		}
		tickets, err := e.dayTickets(day)
		if err != nil {
			// Rating the readable ones and moving on would leave the rest
			// unrated for good: stop here, so the next rollover tries this
			// day again, and say so.
			e.log.Error("queue: default evaluations stopped at an unreadable day", "day", day, "err", err)
			return
		}
		for _, t := range tickets {
			if t.State != Done || t.Evaluation != nil {
				continue
			}
			t.Evaluation = &Evaluation{Level: p.DefaultEvaluationLevel, Channel: "default", At: c.at}
			c.ticketEvent(EvEvaluated, t, nil, EventData{FromWindow: t.Window, Evaluation: &EvaluationView{
				Level: p.DefaultEvaluationLevel, LevelName: LevelName(p.DefaultEvaluationLevel), Channel: "default", Staff: t.Staff}})
		}
		next, _ := time.Parse(time.DateOnly, day)
		day = next.AddDate(0, 0, 1).Format(time.DateOnly)
		e.meta.DefaultEvalDay = day
	}
}

// TicketKey is the secret printed in a ticket's QR code (?k=…) beside its
// id. Ticket ids travel in the public event stream; the key does not, so
// only the applicant holding the paper can rate the service from a phone.
func (e *Engine) TicketKey(id string) string {
	return e.keys.hash("evaluate|" + id)[:16]
}

// EvaluateByKey is Evaluate for the phone page: the ticket's key must match
// (channel qr).
func (e *Engine) EvaluateByKey(key string, r EvaluateRequest) (TicketView, error) {
	if !hmac.Equal([]byte(key), []byte(e.TicketKey(r.Ticket))) {
		return TicketView{}, refuse(ErrForbidden, "bad_ticket_key", "请扫描号票上的二维码进行评价")
	}
	r.Channel = "qr"
	return e.Evaluate(r)
}

// EvCaseEvaluated is the event of a case rated at 办结.
const EvCaseEvaluated = "case.evaluated"

// CaseNode is the keypad reference of a case's 办结 node: a window's
// evaluation device is armed with it when the applicant collects the
// result there (已领取).
func CaseNode(number string) string { return "case:" + number }

// EvaluateCase records the rating of a case's 办结 node: once, after the
// result was collected.
func (e *Engine) EvaluateCase(number string, r EvaluateRequest) (CaseView, error) {
	if err := checkEvaluation(r); err != nil {
		return CaseView{}, err
	}
	c, err := e.begin()
	if err != nil {
		return CaseView{}, err
	}
	v, err := e.evaluateCase(c, number, r)
	return v, e.finish(c, err)
}

func (e *Engine) evaluateCase(c *change, number string, r EvaluateRequest) (CaseView, error) {
	k := e.cases[number]
	switch {
	case k == nil:
		return CaseView{}, refuse(ErrNotFound, "case_not_found", "没有受理编号为 %s 的办件", number)
	case k.State != CasePickedUp:
		return CaseView{}, refuse(ErrConflict, "not_collected", "办件 %s 尚未领取，不能评价办结环节", number)
	case k.Evaluation != nil:
		return CaseView{}, refuse(ErrConflict, "already_evaluated", "办件 %s 的办结环节已评价", number)
	}
	k.Evaluation = &Evaluation{Level: r.Level, Tags: r.Tags, Channel: r.Channel, Active: true, At: c.at}
	staff := k.Staff
	if w := e.windows[k.Window]; w != nil && w.Staff != "" {
		staff = w.Staff // who handed the result over
	}
	if c.cases == nil {
		c.cases = map[string]*Case{}
	}
	c.cases[k.Number] = k
	v := e.caseView(k, e.today(c))
	c.emit(EvCaseEvaluated, EventData{Case: &v, FromWindow: k.Window,
		Evaluation: &EvaluationView{Level: r.Level, LevelName: LevelName(r.Level), Channel: r.Channel, Active: true, Staff: staff}})
	if r.Level <= 2 {
		c.openFollowUpFor(CaseNode(k.Number), k.Number, k.Service, k.Window, staff, k.Evaluation)
	}
	return v, nil
}

// ratableTicket returns a ticket for rating: from memory if live or
// touched since the start, else from the database (restore loads live
// tickets only). A stored one is kept in memory until the next day's
// rollover, so two ratings of it are told apart before either commits.
// The caller checks its day against the evaluation window.
func (e *Engine) ratableTicket(id string) (*Ticket, error) {
	if t := e.tickets[id]; t != nil {
		return t, nil
	}
	t, err := stored[Ticket](e.db, bTickets, id)
	if t == nil || err != nil {
		return nil, err
	}
	e.tickets[t.ID] = t
	return t, nil
}
