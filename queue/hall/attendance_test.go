package hall

import (
	"errors"
	"strings"
	"testing"
)

func TestAttendanceDefaultsFollowTheHours(t *testing.T) {
	h, err := Parse([]byte(minimal), "t.toml")
	if err != nil {
		t.Fatal(err)
	}
	a := h.Attendance
	want := []struct {
		id, kind        string
		at, from, until int
	}{
		{"am_in", SlotIn, 9 * 60, 0, 675},          // 09:00, until half way to 13:30
		{"pm_in", SlotIn, 13*60 + 30, 675, 915},    // 13:30, 11:15…15:15
		{"pm_out", SlotOut, 17 * 60, 915, 24 * 60}, // 17:00
	}
	if len(a.Slots) != len(want) {
		t.Fatalf("slots %+v", a.Slots)
	}
	for i, w := range want {
		s := a.Slots[i]
		at, from, until := s.Minutes()
		if s.ID != w.id || s.Kind != w.kind || at != w.at || from != w.from || until != w.until {
			t.Errorf("slot %d = %+v (%d %d %d), want %+v", i, s, at, from, until, w)
		}
	}
	if !a.MustPunch(RoleClerk) || !a.MustPunch(RoleSupervisor) || a.MustPunch(RoleAdmin) {
		t.Errorf("roles %v", a.Roles)
	}
	if s, ok := a.SlotAt(14 * 60); !ok || s.ID != "pm_in" {
		t.Errorf("14:00 counts for %v", s.ID)
	}

	// A hall open around the clock has no lunch break to follow.
	allDay := strings.Replace(minimal, `monday = ["09:00-12:00", "13:30-17:00"]`, `monday = ["00:00-24:00"]`, 1)
	h, err = Parse([]byte(allDay), "t.toml")
	if err != nil {
		t.Fatal(err)
	}
	if s := h.Attendance.Slots; s[0].At != "09:00" || s[1].At != "13:30" || s[2].At != "17:00" {
		t.Errorf("all-day hall slots %+v", s)
	}

	early := strings.Replace(minimal, `monday = ["09:00-12:00", "13:30-17:00"]`, `monday = ["08:30-12:00", "14:00-17:30"]`, 1)
	h, _ = Parse([]byte(early), "t.toml")
	if s := h.Attendance.Slots; s[0].At != "08:30" || s[1].At != "14:00" || s[2].At != "17:30" {
		t.Errorf("slots %+v", s)
	}
}

func TestAttendanceConfigErrors(t *testing.T) {
	staff := `
[[staff]]
id = "w1"
name = "王芳"
pin_hash = "pbkdf2-sha256$100000$Obo7can94RPwuc2XwiR/Gw$qY0IP3+TMIpMJ7tF6k5r9Vx1EJFd9EjaZtyZtk+AOuE"
card = "%s"
[[staff]]
id = "w2"
name = "李娜"
pin_hash = "pbkdf2-sha256$100000$Obo7can94RPwuc2XwiR/Gw$qY0IP3+TMIpMJ7tF6k5r9Vx1EJFd9EjaZtyZtk+AOuE"
card = "%s"
`
	tests := []struct {
		name, extra, want string
	}{
		{"grace", "[attendance]\nlate_grace_minutes = 500\n", "attendance.late_grace_minutes"},
		{"role", "[attendance]\nroles = [\"boss\"]\n", "attendance.roles[0]"},
		{"kind", "[[attendance.slot]]\nid = \"a\"\nname = \"上班\"\nkind = \"up\"\nat = \"09:00\"\n", "attendance.slot[0].kind"},
		{"time", "[[attendance.slot]]\nid = \"a\"\nname = \"上班\"\nkind = \"in\"\nat = \"9点\"\n", "attendance.slot[0].at"},
		{"order", "[[attendance.slot]]\nid = \"a\"\nname = \"上班\"\nkind = \"in\"\nat = \"09:00\"\n[[attendance.slot]]\nid = \"b\"\nname = \"下班\"\nkind = \"out\"\nat = \"08:00\"\n", "attendance.slot[1].at"},
		{"from after at", "[[attendance.slot]]\nid = \"a\"\nname = \"上班\"\nkind = \"in\"\nat = \"09:00\"\nfrom = \"10:00\"\n", "attendance.slot[0].from"},
		{"unknown", "[attendance]\ngrace = 5\n", "attendance.grace"},
		{"card", strings.NewReplacer("%s", "12-34").Replace(staff), "staff[0].card"},
		{"same card", "\n" + strings.Replace(strings.Replace(staff, "%s", "00123456", 1), "%s", "00123456", 1), "staff[1].card"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(minimal+tc.extra), "t.toml")
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v, want one naming %s", err, tc.want)
			}
			if strings.Contains(err.Error(), "00123456") {
				t.Errorf("the error shows a card number: %v", err)
			}
		})
	}
}

func TestStaffByCard(t *testing.T) {
	h, err := Parse([]byte(minimal+`
[[staff]]
id = "w1"
name = "王芳"
pin_hash = "pbkdf2-sha256$100000$Obo7can94RPwuc2XwiR/Gw$qY0IP3+TMIpMJ7tF6k5r9Vx1EJFd9EjaZtyZtk+AOuE"
card = "04a1b2c3"
`), "t.toml")
	if err != nil {
		t.Fatal(err)
	}
	if s := h.StaffByCard("04A1B2C3"); s == nil || s.ID != "w1" {
		t.Errorf("card → %v", s)
	}
	if s := h.StaffByCard("04a1b2c3 "); s == nil {
		t.Error("a reader's lower case and trailing space should match")
	}
	if h.StaffByCard("99999999") != nil || h.StaffByCard("") != nil {
		t.Error("unknown card matched")
	}
	if MaskCard("04A1B2C3") != "****B2C3" {
		t.Error(MaskCard("04A1B2C3"))
	}
}
