package kiosk

import (
	"regexp"

	"halld/queue"
)

// Notices keeps an applicant's phone for the SMS notices of a ticket (the
// hall's SMS outbox, package queue/sms): sealed there, never in the ticket.
type Notices interface {
	Enabled() bool
	Watch(t queue.TicketView, phone string) error
}

// SMSNotice answers a ticket taken with a phone.
type SMSNotice struct {
	To         string `json:"to"`         // masked: *******8000
	Registered bool   `json:"registered"` // false: the ticket stands, the notices will not come
}

// mobile is a mainland China mobile number.
var mobile = regexp.MustCompile(`^1[3-9][0-9]{9}$`)

func (k *Kiosk) smsOffered() bool { return k.opt.Notices != nil && k.opt.Notices.Enabled() }

// checkPhone refuses a phone the notices cannot take, before a ticket is
// issued.
func (k *Kiosk) checkPhone(phone string) error {
	switch {
	case phone == "":
		return nil
	case !k.smsOffered():
		return &queue.Error{Kind: queue.ErrConflict, Code: "sms_disabled", Message: "本大厅未开通短信提醒，请不填手机号码取号"}
	case !mobile.MatchString(phone):
		return &queue.Error{Kind: queue.ErrBadInput, Code: "bad_phone", Message: "请输入正确的11位手机号码，或不填"}
	}
	return nil
}

// watch registers the phone of a ticket just issued. A failure leaves the
// ticket as it is and says so.
func (k *Kiosk) watch(t queue.TicketView, phone string) *SMSNotice {
	if phone == "" {
		return nil
	}
	n := &SMSNotice{To: queue.MaskPhone(phone)}
	if err := k.opt.Notices.Watch(t, phone); err != nil {
		k.log.Warn("kiosk: SMS notices not registered", "ticket", t.Number, "err", err)
		return n
	}
	n.Registered = true
	return n
}
