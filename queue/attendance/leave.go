package attendance

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"halld/queue"
	"halld/queue/hall"
	"halld/queue/workday"
)

// LeaveRequest records leave for a staff member over dates (inclusive),
// for all the day's slots or only some (a half day: the afternoon's).
type LeaveRequest struct {
	Staff string   `json:"staff"`
	From  string   `json:"from"`
	To    string   `json:"to"`
	Kind  string   `json:"kind"`
	Slots []string `json:"slots"`
	Note  string   `json:"note"`
}

// maxLeaveDays bounds one entry (a 产假 is long, a year is not).
const maxLeaveDays = 366

// leaveEvent is the payload of attendance.leave: the note stays in the
// record (it may say why someone is ill).
type leaveEvent struct {
	ID    string   `json:"id"`
	Staff string   `json:"staff"`
	From  string   `json:"from"`
	To    string   `json:"to"`
	Kind  string   `json:"kind"`
	Slots []string `json:"slots,omitempty"`
	By    string   `json:"by"`
}

func canManage(by queue.Session) error {
	if by.Role != hall.RoleSupervisor && by.Role != hall.RoleAdmin {
		return refuse(queue.ErrForbidden, "supervisor_only", "只有值班长或管理员可以管理考勤")
	}
	return nil
}

// AddLeave records leave; only a supervisor or an admin may.
func (b *Book) AddLeave(by queue.Session, req LeaveRequest) (Leave, error) {
	if err := canManage(by); err != nil {
		return Leave{}, err
	}
	if b.h.StaffByID(req.Staff) == nil {
		return Leave{}, refuse(queue.ErrNotFound, "staff_not_found", "没有工号为%s的工作人员", req.Staff)
	}
	from, err1 := workday.ParseDate(req.From)
	to, err2 := workday.ParseDate(req.To)
	switch {
	case err1 != nil || err2 != nil:
		return Leave{}, refuse(queue.ErrBadInput, "bad_date", "日期格式应为 YYYY-MM-DD")
	case to.Before(from):
		return Leave{}, refuse(queue.ErrBadInput, "bad_range", "结束日期早于开始日期")
	case from.AddDays(maxLeaveDays).Before(to):
		return Leave{}, refuse(queue.ErrBadInput, "bad_range", "一次请假最长%d天", maxLeaveDays)
	case !slices.Contains(b.h.Attendance.LeaveKinds, req.Kind):
		return Leave{}, refuse(queue.ErrBadInput, "bad_leave_kind", "假别应为：%v", b.h.Attendance.LeaveKinds)
	case utf8.RuneCountInString(req.Note) > 200 || !utf8.ValidString(req.Note):
		return Leave{}, refuse(queue.ErrBadInput, "bad_note", "备注最多200字")
	}
	for _, s := range req.Slots {
		if !b.isSlot(s) {
			return Leave{}, refuse(queue.ErrBadInput, "bad_slot", "没有打卡时段%q", s)
		}
	}
	if len(req.Slots) == len(b.h.Attendance.Slots) {
		req.Slots = nil // every slot: the whole day
	}
	var out Leave
	err := b.e.Update(func(r *queue.Rec) error {
		b.mu.Lock()
		defer b.mu.Unlock()
		l := &Leave{ID: fmt.Sprintf("L%06d", b.seq+1), Staff: req.Staff, From: from.String(), To: to.String(),
			Kind: req.Kind, Slots: req.Slots, Note: req.Note, By: by.Staff, At: r.At()}
		seq, err := r.Emit(EvLeave, leaveEvent{ID: l.ID, Staff: l.Staff, From: l.From, To: l.To, Kind: l.Kind, Slots: l.Slots, By: l.By})
		if err != nil {
			return err
		}
		l.Seq = seq
		if err := r.Put(Domain, "l/"+l.ID, l); err != nil {
			return err
		}
		b.leaves[l.ID], b.seq, out = l, b.seq+1, *l
		return nil
	})
	return out, err
}

// CancelLeave withdraws a leave entered by mistake; it excuses nothing
// from then on (absences it covered count again).
func (b *Book) CancelLeave(by queue.Session, id string) (Leave, error) {
	if err := canManage(by); err != nil {
		return Leave{}, err
	}
	var out Leave
	err := b.e.Update(func(r *queue.Rec) error {
		b.mu.Lock()
		defer b.mu.Unlock()
		l := b.leaves[id]
		switch {
		case l == nil:
			return refuse(queue.ErrNotFound, "leave_not_found", "没有这条请假记录")
		case l.Cancelled != "":
			return refuse(queue.ErrConflict, "leave_cancelled", "这条请假记录已撤销")
		}
		c := *l
		at := r.At()
		c.Cancelled, c.CancelledAt = by.Staff, &at
		if _, err := r.Emit(EvLeaveCancelled, struct {
			ID    string `json:"id"`
			Staff string `json:"staff"`
			By    string `json:"by"`
		}{c.ID, c.Staff, by.Staff}); err != nil {
			return err
		}
		if err := r.Put(Domain, "l/"+c.ID, &c); err != nil {
			return err
		}
		b.leaves[id], out = &c, c
		return nil
	})
	return out, err
}

// Leaves lists the leave entries touching [from, to] (YYYY-MM-DD), newest
// first, cancelled ones included (marked).
func (b *Book) Leaves(by queue.Session, from, to string) ([]Leave, error) {
	if err := canManage(by); err != nil {
		return nil, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []Leave
	for _, l := range b.leaves {
		if l.To >= from && l.From <= to {
			out = append(out, *l)
		}
	}
	slices.SortFunc(out, func(a, c Leave) int { return strings.Compare(c.ID, a.ID) })
	return out, nil
}

func (b *Book) isSlot(id string) bool {
	for _, s := range b.h.Attendance.Slots {
		if s.ID == id {
			return true
		}
	}
	return false
}

// leaveFor is the leave excusing staff's slot on day, or nil. Call with
// b.mu held.
func (b *Book) leaveFor(staff, day, slot string) *Leave {
	var best *Leave
	for _, l := range b.leaves {
		if l.Staff == staff && l.Cancelled == "" && l.From <= day && day <= l.To &&
			(len(l.Slots) == 0 || slices.Contains(l.Slots, slot)) && (best == nil || l.ID < best.ID) {
			best = l
		}
	}
	return best
}
