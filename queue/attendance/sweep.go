package attendance

import (
	"errors"

	"halld/queue"
	"halld/queue/workday"
)

// errNothing ends a sweep's Update without a change.
var errNothing = errors.New("attendance: nothing to close")

// absentEvent is the payload of attendance.absent.
type absentEvent struct {
	Staff string `json:"staff"`
	Day   string `json:"day"`
	Slot  string `json:"slot"`
}

// Sweep closes the days that are over: every slot of a working day that
// a staff member who must punch left without a punch or a leave is
// recorded absent (attendance.absent), one day per change. The first sweep
// only notes the day before as closed, so nothing before it is ever
// marked. It returns how many absences it recorded; call it at start and
// then every few minutes (the daemon does).
func (b *Book) Sweep() (int, error) {
	total := 0
	for {
		n := 0
		err := b.e.Update(func(r *queue.Rec) error {
			b.mu.Lock()
			defer b.mu.Unlock()
			today, err := workday.ParseDate(r.Day())
			if err != nil {
				return err
			}
			if b.closed == "" {
				m := marker{Day: today.AddDays(-1).String()}
				m.Since = today.String()
				if err := r.Put(Domain, "closed", m); err != nil {
					return err
				}
				b.closed, b.since = m.Day, m.Since
				return nil
			}
			last, err := workday.ParseDate(b.closed)
			if err != nil {
				return err
			}
			day := last.AddDays(1)
			if !day.Before(today) {
				return errNothing
			}
			d := day.String()
			var recs []*dayRec
			if b.workday(d) {
				for _, st := range b.h.Staff {
					if !b.h.Attendance.MustPunch(st.Role) {
						continue
					}
					old := b.days[d][st.ID]
					rec := &dayRec{Staff: st.ID, Day: d, Slots: map[string]*Mark{}}
					if old != nil {
						for k, v := range old.Slots {
							rec.Slots[k] = v
						}
					}
					changed := false
					for _, s := range b.h.Attendance.Slots {
						if rec.Slots[s.ID] != nil || b.leaveFor(st.ID, d, s.ID) != nil {
							continue
						}
						seq, err := r.Emit(EvAbsent, absentEvent{Staff: st.ID, Day: d, Slot: s.ID})
						if err != nil {
							return err
						}
						rec.Slots[s.ID] = &Mark{Status: Absent, Seq: seq}
						changed = true
						n++
					}
					if changed {
						if err := r.Put(Domain, dayKey(d, st.ID), rec); err != nil {
							return err
						}
						recs = append(recs, rec)
					}
				}
			}
			if err := r.Put(Domain, "closed", marker{Day: d, Since: b.since}); err != nil {
				return err
			}
			for _, rec := range recs {
				b.dayOf(d)[rec.Staff] = rec
			}
			b.closed = d
			return nil
		})
		if errors.Is(err, errNothing) {
			return total, nil
		}
		if err != nil {
			return total, err
		}
		total += n
	}
}
