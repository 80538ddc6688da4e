package hall

import (
	"fmt"

	"github.com/BurntSushi/toml"
)

// Complaints is the [complaints] table: how the 监察投诉窗口 works in this
// hall. The seed regulations say every complaint is answered and counts in
// 考核 but give no time limits; the defaults follow the 差评 follow-up's
// (verify within 1 working day, close within 15).
type Complaints struct {
	// AcceptDays: a registered complaint (受理) is taken up for
	// investigation (调查) within this many working days (default 1).
	AcceptDays int `toml:"accept_days"`
	// ConcludeDays: it is concluded (办结, with a finding 属实/不属实)
	// within this many working days of its registration (default 15).
	ConcludeDays int `toml:"conclude_days"`
	// Windows are the numbers of the 监察投诉窗口: a clerk logged in at one
	// of them registers and handles complaints like a supervisor (default
	// none: supervisors and admins only).
	Windows []int `toml:"windows"`
}

func complaintDefaults(c *Config, md *toml.MetaData) {
	if !md.IsDefined("complaints", "accept_days") {
		c.Complaints.AcceptDays = 1
	}
	if !md.IsDefined("complaints", "conclude_days") {
		c.Complaints.ConcludeDays = 15
	}
}

func (h *Hall) checkComplaints() error {
	p := h.Complaints
	if p.AcceptDays < 1 || p.AcceptDays > 30 {
		return fmt.Errorf("complaints.accept_days: %d is outside 1…30", p.AcceptDays)
	}
	if p.ConcludeDays < p.AcceptDays || p.ConcludeDays > 90 {
		return fmt.Errorf("complaints.conclude_days: %d is outside accept_days…90", p.ConcludeDays)
	}
	for i, n := range p.Windows {
		if h.windows[n] == nil {
			return fmt.Errorf("complaints.windows[%d]: there is no window %d", i, n)
		}
	}
	return nil
}

// ComplaintsWindow reports whether window n is a 监察投诉窗口.
func (h *Hall) ComplaintsWindow(n int) bool {
	for _, w := range h.Complaints.Windows {
		if w == n && n != 0 {
			return true
		}
	}
	return false
}
