package sms

import (
	"fmt"
	"time"

	"halld/queue"
)

// Cancelled is the state of a message withdrawn before it was sent (a
// reminder of an appointment since cancelled).
const Cancelled = "cancelled"

// KindReminder is an appointment's reminder; its Ref is the booking's code.
const KindReminder = "appointment"

// Reminder is an appointment to remind of: the booking's code, the
// service's name and the slot.
type Reminder struct {
	Code       string
	Service    string
	Start, End time.Time
}

// CheckPhone refuses, before anything is recorded, a phone Remind would
// refuse: SMS disabled (sms_disabled) or not a mainland mobile number
// (bad_phone).
func (o *Outbox) CheckPhone(phone string) error {
	if !o.cfg.Enabled {
		return &queue.Error{Kind: queue.ErrConflict, Code: "sms_disabled", Message: "本大厅未开通短信通知"}
	}
	if _, ok := NormalPhone(phone); !ok {
		return badPhone()
	}
	return nil
}

// Remind queues the reminder of appointment a to phone, to go
// Config.ReminderMinutes before its slot (at once when that is past). The
// phone is sealed in the outbox only; Withdraw takes it back.
func (o *Outbox) Remind(phone string, a Reminder) (View, error) {
	loc := o.e.Hall().Location
	start, end := a.Start.In(loc), a.End.In(loc)
	text := fill(o.cfg.Texts.Reminder, map[string]string{"hall": o.e.Hall().Hall.Name, "service": a.Service,
		"time": fmt.Sprintf("%d月%d日 %s–%s", start.Month(), start.Day(), start.Format("15:04"), end.Format("15:04")),
		"code": a.Code})
	return o.Enqueue(Request{Phone: phone, Text: text, Kind: KindReminder, Ref: a.Code,
		NotBefore: a.Start.Add(-time.Duration(o.cfg.ReminderMinutes) * time.Minute)})
}

// Withdraw cancels the messages of kind about ref still queued (a sent
// one cannot be called back; one being sent at this moment may still go)
// and erases their sealed phones. It returns how many it cancelled.
func (o *Outbox) Withdraw(kind, ref string) (int, error) {
	o.mu.Lock()
	var ids []string
	next := map[string]message{}
	for id, m := range o.msgs {
		if m.State == Queued && m.Kind == kind && m.Ref == ref {
			n := *m
			n.State, n.Sealed = Cancelled, nil
			ids, next[id] = append(ids, id), n
		}
	}
	o.mu.Unlock()
	if len(ids) == 0 {
		return 0, nil
	}
	// Not under o.mu: add takes it inside an Update (engine lock first).
	err := o.e.Update(func(r *queue.Rec) error {
		for _, id := range ids {
			n := next[id]
			if err := r.Put(Domain, "m/"+id, &n); err != nil {
				return err
			}
			if _, err := r.Emit("sms.cancelled", map[string]any{"id": id, "kind": kind, "ref": ref}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	o.mu.Lock()
	for _, id := range ids {
		if m := o.msgs[id]; m != nil && m.State == Queued {
			*m = next[id]
		}
	}
	o.mu.Unlock()
	o.log.Info("sms: withdrawn", "kind", kind, "ref", ref, "messages", len(ids))
	return len(ids), nil
}

// ReminderMinutes is how long before its slot an appointment is reminded.
func (o *Outbox) ReminderMinutes() int { return o.cfg.ReminderMinutes }
