package attendance

import (
	"time"

	"halld/queue"
	"halld/queue/hall"
)

// PunchRequest is one punch: by staff id and PIN (at a terminal) or by a
// staff card's number (a reader, or an authenticated client).
type PunchRequest struct {
	Staff string `json:"staff"`
	PIN   string `json:"pin"`
	Card  string `json:"card"`
	// Source is the client's address, which the PIN limits count by; the
	// API sets it. Device names the card reader; the wiring sets it.
	Source string `json:"-"`
	Device string `json:"-"`
}

// Punched is the outcome of a punch, for the confirmation a person sees.
type Punched struct {
	Staff    string    `json:"staff"`
	Name     string    `json:"name"`
	Day      string    `json:"day"`
	Slot     string    `json:"slot"`
	SlotName string    `json:"slot_name"`
	SlotAt   string    `json:"slot_at"` // the slot's time, HH:MM
	At       time.Time `json:"at"`      // this punch
	Status   string    `json:"status"`  // ontime, late or early
	Minutes  int       `json:"minutes,omitempty"`
	// Repeat: the slot already had the punch that counts (a start slot's
	// first); this one changed nothing and At is that earlier punch.
	Repeat bool   `json:"repeat,omitempty"`
	Seq    uint64 `json:"seq,omitempty"`
}

// punchEvent is the payload of attendance.punched (never a card number).
type punchEvent struct {
	Staff   string    `json:"staff"`
	Day     string    `json:"day"`
	Slot    string    `json:"slot"`
	At      time.Time `json:"at"`
	Status  string    `json:"status"`
	Minutes int       `json:"minutes,omitempty"`
	Via     string    `json:"via"`
	Device  string    `json:"device,omitempty"`
}

// Punch records a punch now. A PIN is checked like a login's (wrong PINs
// lock punches and logins alike); an unknown card is refused.
func (b *Book) Punch(req PunchRequest) (Punched, error) {
	var st hall.Staff
	via := "pin"
	if req.Card != "" {
		p := b.h.StaffByCard(req.Card)
		if p == nil {
			b.log.Info("attendance: unknown card", "card", hall.MaskCard(req.Card), "device", req.Device)
			return Punched{}, refuse(queue.ErrNotFound, "unknown_card", "此卡未登记，请联系管理员")
		}
		st, via = *p, "card"
	} else {
		if req.Staff == "" || req.PIN == "" {
			return Punched{}, refuse(queue.ErrBadInput, "credentials_required", "请输入工号和密码")
		}
		var err error
		if st, err = b.e.VerifyPIN(req.Staff, req.PIN, req.Source); err != nil {
			return Punched{}, err
		}
	}
	if !b.h.Attendance.MustPunch(st.Role) {
		return Punched{}, refuse(queue.ErrForbidden, "no_attendance", "%s无需考勤打卡", st.Name)
	}
	var out Punched
	err := b.e.Update(func(r *queue.Rec) error {
		b.mu.Lock()
		defer b.mu.Unlock()
		at := r.At()
		day, m := b.minuteOf(at)
		slot, ok := b.h.Attendance.SlotAt(m)
		if !ok {
			return refuse(queue.ErrConflict, "no_slot", "现在不是打卡时间")
		}
		out = Punched{Staff: st.ID, Name: st.Name, Day: day, Slot: slot.ID, SlotName: slot.Name, SlotAt: slot.At, At: at}
		old := b.days[day][st.ID]
		if old != nil {
			if mk := old.Slots[slot.ID]; mk != nil && mk.At != nil && slot.Kind == hall.SlotIn {
				out.At, out.Status, out.Minutes, out.Seq, out.Repeat = *mk.At, mk.Status, mk.Minutes, mk.Seq, true
				return nil // the first start punch counts; nothing to record
			}
		}
		out.Status, out.Minutes = b.judge(slot, day, m)
		seq, err := r.Emit(EvPunched, punchEvent{Staff: st.ID, Day: day, Slot: slot.ID, At: at,
			Status: out.Status, Minutes: out.Minutes, Via: via, Device: req.Device})
		if err != nil {
			return err
		}
		out.Seq = seq
		rec := &dayRec{Staff: st.ID, Day: day, Slots: map[string]*Mark{}}
		if old != nil {
			for k, v := range old.Slots {
				rec.Slots[k] = v
			}
		}
		rec.Slots[slot.ID] = &Mark{Status: out.Status, At: &at, Minutes: out.Minutes, Via: via, Device: req.Device, Seq: seq}
		if err := r.Put(Domain, dayKey(day, st.ID), rec); err != nil {
			return err
		}
		b.dayOf(day)[st.ID] = rec
		return nil
	})
	if err != nil {
		return Punched{}, err
	}
	if !out.Repeat {
		b.log.Info("attendance: punch", "staff", out.Staff, "slot", out.Slot, "status", out.Status, "via", via)
	}
	return out, nil
}

// judge is a punch's status at minute m of day in slot: a start punch is
// late after the slot's time plus the grace, an end punch early before its
// time less the grace; on a day off nothing is late or early.
func (b *Book) judge(slot hall.AttendanceSlot, day string, m int) (string, int) {
	if !b.workday(day) {
		return OnTime, 0
	}
	a := b.h.Attendance
	at, _, _ := slot.Minutes()
	switch {
	case slot.Kind == hall.SlotIn && m > at+a.LateGraceMinutes:
		return Late, m - at
	case slot.Kind == hall.SlotOut && m < at-a.EarlyGraceMinutes:
		return Early, at - m
	}
	return OnTime, 0
}
