package hall

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// Attendance is the [attendance] table: the day's punches (打卡) and what
// counts as late or leaving early. 昆山's rule is three card punches a
// day — 上午上班, 下午上班, 下午下班 — which are the default slots.
type Attendance struct {
	// Slots are the day's punches in time order (default: three, at the
	// hall's Monday opening times when Monday has a morning and an
	// afternoon span, else 09:00, 13:30 and 17:00).
	Slots []AttendanceSlot `toml:"slot"`
	// A start punch up to LateGraceMinutes after its time is on time; an
	// end punch up to EarlyGraceMinutes before its time is too (default 0
	// both: the seeds say 准时上下班).
	LateGraceMinutes  int `toml:"late_grace_minutes"`
	EarlyGraceMinutes int `toml:"early_grace_minutes"`
	// Roles must punch; an absent slot counts against them (default clerk
	// and supervisor: the windows' staff and the floor's managers).
	Roles []string `toml:"roles"`
	// LeaveKinds are the kinds of leave a supervisor may record.
	LeaveKinds []string `toml:"leave_kinds"`
}

// AttendanceSlot is one punch of the day.
type AttendanceSlot struct {
	ID   string `toml:"id"`   // e.g. "am_in"
	Name string `toml:"name"` // e.g. "上午上班"
	Kind string `toml:"kind"` // "in" (late after At) or "out" (early before At)
	At   string `toml:"at"`   // "HH:MM"
	// From is when punches start to count for this slot (default: half way
	// from the slot before; 00:00 for the first). A slot's punches end
	// where the next slot's begin, the last's at midnight.
	From string `toml:"from"`

	at, from, until int // minutes since hall-local midnight
}

// Slot kinds.
const (
	SlotIn  = "in"
	SlotOut = "out"
)

// Minutes returns the slot's time and the [from, until) minutes in which a
// punch counts for it.
func (s AttendanceSlot) Minutes() (at, from, until int) { return s.at, s.from, s.until }

// SlotAt returns the slot a punch at minute m of the day counts for.
func (a *Attendance) SlotAt(m int) (AttendanceSlot, bool) {
	for _, s := range a.Slots {
		if m >= s.from && m < s.until {
			return s, true
		}
	}
	return AttendanceSlot{}, false
}

// MustPunch reports whether staff of role must punch.
func (a *Attendance) MustPunch(role string) bool { return slices.Contains(a.Roles, role) }

func applyAttendanceDefaults(c *Config, md *toml.MetaData) {
	a := &c.Attendance
	if len(a.Slots) == 0 {
		am, pm, end := "09:00", "13:30", "17:00"
		if spans, err := parseSpans(c.Hours.Monday); err == nil && len(spans) == 2 {
			am, pm, end = clock(spans[0].Start), clock(spans[1].Start), clock(spans[1].End)
		}
		a.Slots = []AttendanceSlot{
			{ID: "am_in", Name: "上午上班", Kind: SlotIn, At: am},
			{ID: "pm_in", Name: "下午上班", Kind: SlotIn, At: pm},
			{ID: "pm_out", Name: "下午下班", Kind: SlotOut, At: end},
		}
	}
	if !md.IsDefined("attendance", "roles") {
		a.Roles = []string{RoleClerk, RoleSupervisor}
	}
	if !md.IsDefined("attendance", "leave_kinds") {
		a.LeaveKinds = []string{"事假", "病假", "年休假", "公休", "婚丧假", "产假", "公差", "其他"}
	}
}

func clock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

func (h *Hall) buildAttendance() error {
	a := &h.Config.Attendance
	if a.LateGraceMinutes < 0 || a.LateGraceMinutes > 120 {
		return fmt.Errorf("attendance.late_grace_minutes: %d is outside 0…120", a.LateGraceMinutes)
	}
	if a.EarlyGraceMinutes < 0 || a.EarlyGraceMinutes > 120 {
		return fmt.Errorf("attendance.early_grace_minutes: %d is outside 0…120", a.EarlyGraceMinutes)
	}
	for i, r := range a.Roles {
		if r != RoleClerk && r != RoleSupervisor && r != RoleAdmin {
			return fmt.Errorf("attendance.roles[%d]: %q must be clerk, supervisor or admin", i, r)
		}
	}
	for i, k := range a.LeaveKinds {
		if k == "" || len(k) > 32 || strings.TrimSpace(k) != k {
			return fmt.Errorf("attendance.leave_kinds[%d]: %q must be a short name such as 事假", i, k)
		}
	}
	ids := map[string]bool{}
	for i := range a.Slots {
		s := &a.Slots[i]
		f := fmt.Sprintf("attendance.slot[%d]", i)
		var err error
		switch {
		case !idPattern.MatchString(s.ID):
			return fmt.Errorf("%s.id: %q must be lower-case letters, digits, - or _", f, s.ID)
		case ids[s.ID]:
			return fmt.Errorf("%s.id: %q is used twice", f, s.ID)
		case s.Name == "":
			return fmt.Errorf("%s.name: missing", f)
		case s.Kind != SlotIn && s.Kind != SlotOut:
			return fmt.Errorf("%s.kind: %q must be \"in\" (上班) or \"out\" (下班)", f, s.Kind)
		}
		ids[s.ID] = true
		if s.at, err = parseClock(s.At); err != nil || s.at >= 24*60 {
			return fmt.Errorf("%s.at: %q is not a time HH:MM", f, s.At)
		}
		if i > 0 && s.at <= a.Slots[i-1].at {
			return fmt.Errorf("%s.at: %s is not after the slot before (%s)", f, s.At, a.Slots[i-1].At)
		}
		switch {
		case s.From != "":
			if s.from, err = parseClock(s.From); err != nil {
				return fmt.Errorf("%s.from: %q is not a time HH:MM", f, s.From)
			}
		case i > 0:
			s.from = (a.Slots[i-1].at + s.at + 1) / 2
		}
		if s.from > s.at || (i > 0 && s.from <= a.Slots[i-1].at) {
			return fmt.Errorf("%s.from: %s must lie after the slot before's time and not after %s", f, clock(s.from), s.At)
		}
		if i > 0 {
			a.Slots[i-1].until = s.from
		}
		s.until = 24 * 60
	}
	return h.checkCards()
}

var cardPattern = regexp.MustCompile(`^[0-9A-F]{4,32}$`)

// checkCards normalises the staff's card numbers (upper case) and checks
// them: digits or hex, at most one staff member per card.
func (h *Hall) checkCards() error {
	seen := map[string]string{}
	for i := range h.Config.Staff {
		s := &h.Config.Staff[i]
		if s.Card == "" {
			continue
		}
		s.Card = strings.ToUpper(s.Card)
		if !cardPattern.MatchString(s.Card) {
			return fmt.Errorf("staff[%d].card: must be 4…32 digits or hex letters, as the reader types it", i)
		}
		if prev, dup := seen[s.Card]; dup {
			return fmt.Errorf("staff[%d].card: the same card as staff %q", i, prev)
		}
		seen[s.Card] = s.ID
	}
	return nil
}

// StaffByCard returns the staff member whose card number is card (as a
// reader types it), or nil.
func (h *Hall) StaffByCard(card string) *Staff {
	card = strings.ToUpper(strings.TrimSpace(card))
	if card == "" {
		return nil
	}
	for i := range h.Config.Staff {
		if h.Config.Staff[i].Card == card {
			return h.staff[h.Config.Staff[i].ID]
		}
	}
	return nil
}

// MaskCard shows the last four characters of a card number only, for logs.
func MaskCard(card string) string {
	if len(card) <= 4 {
		return "****"
	}
	return "****" + card[len(card)-4:]
}
