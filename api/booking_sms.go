package api

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"halld/queue"
	"halld/queue/booking"
	"halld/queue/sms"
)

// reminders is what a booking's SMS reminder needs of the outbox
// (*sms.Outbox).
type reminders interface {
	CheckPhone(phone string) error
	Remind(phone string, a sms.Reminder) (sms.View, error)
	Withdraw(kind, ref string) (int, error)
	Enabled() bool
	ReminderMinutes() int
}

func (a *bookingAPI) reminderMinutes() int {
	if a.s.reminders == nil || !a.s.reminders.Enabled() {
		return 0
	}
	return a.s.reminders.ReminderMinutes()
}

// bookingRequest is the body of POST /api/v1/bookings and of the phone
// page's: the booking, and optionally a mainland mobile number for the
// reminder (短信提醒). The phone is sealed in the SMS outbox only, never in
// the booking.
type bookingRequest struct {
	booking.Request
	Phone string `json:"phone,omitempty"`
}

// booked is the answer to a booking: the booking and, when a phone was
// given, the reminder queued (phone masked) or why it was not.
type booked struct {
	booking.View
	SMS      *sms.View `json:"sms,omitempty"`
	SMSError *smsError `json:"sms_error,omitempty"`
}

type smsError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// checkPhone refuses a phone that no reminder could go to; none is fine.
func (a *bookingAPI) checkPhone(phone string) error {
	if strings.TrimSpace(phone) == "" {
		return nil
	}
	if a.s.reminders == nil {
		return &queue.Error{Kind: queue.ErrConflict, Code: "sms_disabled", Message: "本大厅未开通短信通知"}
	}
	return a.s.reminders.CheckPhone(phone)
}

// remind queues v's reminder to phone (if any). The booking stands
// whatever happens to its reminder: a failure is logged and answered.
func (a *bookingAPI) remind(v booking.View, phone string) booked {
	out := booked{View: v}
	if strings.TrimSpace(phone) == "" || a.s.reminders == nil {
		return out
	}
	loc := a.s.e.Hall().Location
	start, err1 := clockOn(v.Date, v.Start, loc)
	end, err2 := clockOn(v.Date, v.End, loc)
	var m sms.View
	err := errors.Join(err1, err2)
	if err == nil {
		m, err = a.s.reminders.Remind(phone, sms.Reminder{Code: v.Code, Service: v.ServiceName, Start: start, End: end})
	}
	if err != nil {
		a.s.log.Error("booking: reminder not queued", "code", v.Code, "err", err)
		out.SMSError = &smsError{"sms_unavailable", "预约成功，但短信提醒未能登记"}
		if qe := (*queue.Error)(nil); errors.As(err, &qe) {
			out.SMSError = &smsError{qe.Code, qe.Message}
		}
		return out
	}
	out.SMS = &m
	return out
}

// withdraw takes back the reminder of a cancelled booking, if any.
func (a *bookingAPI) withdraw(code string) {
	if a.s.reminders == nil {
		return
	}
	if _, err := a.s.reminders.Withdraw(sms.KindReminder, code); err != nil {
		a.s.log.Error("booking: reminder not withdrawn", "code", code, "err", err)
	}
}

// clockOn is the moment hh:mm ("24:00" included) of date in loc.
func clockOn(date, hhmm string, loc *time.Location) (time.Time, error) {
	d, err := time.ParseInLocation(time.DateOnly, date, loc)
	h, m, ok := strings.Cut(hhmm, ":")
	hi, err1 := strconv.Atoi(h)
	mi, err2 := strconv.Atoi(m)
	if err != nil || !ok || err1 != nil || err2 != nil {
		return time.Time{}, fmt.Errorf("bad slot time %s %s", date, hhmm)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), hi, mi, 0, 0, loc), nil
}
