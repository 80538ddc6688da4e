package hall

import (
	"fmt"
	"regexp"
	"time"

	"halld/queue/workday"
)

var (
	idPattern     = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,31}$`)
	prefixPattern = regexp.MustCompile(`^[A-Z]{1,2}$`)
)

// build validates c and indexes it. Errors name the field.
func build(c Config) (*Hall, error) {
	if c.Version != Version {
		if c.Version == 0 {
			return nil, fmt.Errorf("version: missing (this halld reads version = %d)", Version)
		}
		return nil, fmt.Errorf("version: %d is not supported (this halld reads version = %d)", c.Version, Version)
	}
	h := &Hall{
		Config:     c,
		services:   map[string]*Service{},
		windows:    map[int]*Window{},
		staff:      map[string]*Staff{},
		priorities: map[string]*PriorityClass{},
		issue:      map[string][]Span{},
	}
	if c.Hall.Name == "" {
		return nil, fmt.Errorf("hall.name: missing")
	}
	loc, err := time.LoadLocation(c.Hall.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("hall.time_zone: %q is not a known time zone", c.Hall.TimeZone)
	}
	h.Location = loc
	if err := h.buildHours(); err != nil {
		return nil, err
	}
	if err := h.checkPolicy(); err != nil {
		return nil, err
	}
	for i := range h.Config.Priorities {
		p := &h.Config.Priorities[i]
		f := fmt.Sprintf("priority[%d]", i)
		switch {
		case !idPattern.MatchString(p.ID):
			return nil, fmt.Errorf("%s.id: %q must be lower-case letters, digits, - or _", f, p.ID)
		case h.priorities[p.ID] != nil:
			return nil, fmt.Errorf("%s.id: %q is used twice", f, p.ID)
		case p.Name == "":
			return nil, fmt.Errorf("%s.name: missing", f)
		}
		h.priorities[p.ID] = p
	}
	if err := h.buildServices(); err != nil {
		return nil, err
	}
	if err := h.buildWindows(); err != nil {
		return nil, err
	}
	if err := h.buildStaff(); err != nil {
		return nil, err
	}
	if err := h.checkAlerts(); err != nil {
		return nil, err
	}
	if err := h.buildAttendance(); err != nil {
		return nil, err
	}
	if err := h.checkComplaints(); err != nil {
		return nil, err
	}
	if err := h.buildAssessment(); err != nil {
		return nil, err
	}
	if err := h.buildBooking(); err != nil {
		return nil, err
	}
	return h, nil
}

func (h *Hall) buildHours() error {
	days := []struct {
		name string
		list []string
		wd   time.Weekday
	}{
		{"monday", h.Hours.Monday, time.Monday}, {"tuesday", h.Hours.Tuesday, time.Tuesday},
		{"wednesday", h.Hours.Wednesday, time.Wednesday}, {"thursday", h.Hours.Thursday, time.Thursday},
		{"friday", h.Hours.Friday, time.Friday}, {"saturday", h.Hours.Saturday, time.Saturday},
		{"sunday", h.Hours.Sunday, time.Sunday},
	}
	for _, d := range days {
		spans, err := parseSpans(d.list)
		if err != nil {
			return fmt.Errorf("hours.%s: %v", d.name, err)
		}
		h.week[d.wd] = spans
	}
	wd := map[string]time.Weekday{}
	for _, d := range days {
		wd[d.name] = d.wd
	}
	adj, ok := wd[h.Hours.AdjustedWorkday]
	if !ok || adj == time.Saturday || adj == time.Sunday {
		return fmt.Errorf("hours.adjusted_workday: %q must be monday, tuesday, wednesday, thursday or friday", h.Hours.AdjustedWorkday)
	}
	h.adjusted = adj
	var err error
	if h.holiday, err = parseSpans(h.Hours.Holiday); err != nil {
		return fmt.Errorf("hours.holiday: %v", err)
	}
	h.dates = map[workday.Date][]Span{}
	for k, list := range h.Hours.Dates {
		d, err := workday.ParseDate(k)
		if err != nil {
			return fmt.Errorf("hours.dates: %q is not a YYYY-MM-DD day", k)
		}
		if h.dates[d], err = parseSpans(list); err != nil {
			return fmt.Errorf("hours.dates.%s: %v", k, err)
		}
	}
	if m := h.Hours.IssueCutoffMinutes; m < 0 || m > 600 {
		return fmt.Errorf("hours.issue_cutoff_minutes: %d is outside 0…600", m)
	}
	return nil
}

func (h *Hall) checkPolicy() error {
	p := h.Policy
	checks := []struct {
		field    string
		v, lo, h int
	}{
		{"reinsert_behind", p.ReinsertBehind, 0, 100},
		{"max_reinserts", p.MaxReinserts, 0, 10},
		{"recall_limit", p.RecallLimit, 0, 20},
		{"priority_streak", p.PriorityStreak, 1, 100},
		{"expire_grace_minutes", p.ExpireGraceMinutes, 0, 720},
		{"followup_verify_days", p.FollowUpVerifyDays, 1, 30},
		{"followup_close_days", p.FollowUpCloseDays, 1, 90},
		{"default_evaluation_days", p.DefaultEvaluationDays, 0, 60},
		{"evaluation_days", p.EvaluationDays, 0, 30},
		{"late_press_minutes", p.LatePressMinutes, 1, 60},
		{"session_idle_minutes", p.SessionIdleMinutes, 0, 1440},
		{"session_max_hours", p.SessionMaxHours, 0, 168},
	}
	for _, c := range checks {
		if c.v < c.lo || c.v > c.h {
			return fmt.Errorf("policy.%s: %d is outside %d…%d", c.field, c.v, c.lo, c.h)
		}
	}
	if p.DefaultEvaluationDays > 0 && (p.DefaultEvaluationLevel < 1 || p.DefaultEvaluationLevel > 5) {
		return fmt.Errorf("policy.default_evaluation_level: %d must be 1…5 when default_evaluation_days is set", p.DefaultEvaluationLevel)
	}
	if p.DefaultEvaluationDays > 0 && p.EvaluationDays >= p.DefaultEvaluationDays {
		return fmt.Errorf("policy.evaluation_days: %d must be less than default_evaluation_days (%d), which gives the default rating on day %d",
			p.EvaluationDays, p.DefaultEvaluationDays, p.DefaultEvaluationDays)
	}
	if p.NoShow != NoShowReinsert && p.NoShow != NoShowVoid {
		return fmt.Errorf("policy.no_show: %q must be %q or %q", p.NoShow, NoShowReinsert, NoShowVoid)
	}
	if p.ServiceMinutes <= 0 || p.ServiceMinutes > 600 {
		return fmt.Errorf("policy.service_minutes: %g is outside 0…600", p.ServiceMinutes)
	}
	for i, r := range p.PauseReasons {
		if r == "" {
			return fmt.Errorf("policy.pause_reasons[%d]: empty", i)
		}
	}
	return nil
}

func (h *Hall) buildServices() error {
	if len(h.Services) == 0 {
		return fmt.Errorf("service: the hall needs at least one [[service]]")
	}
	prefixes := map[string]int{}
	for i := range h.Services {
		s := &h.Services[i]
		f := fmt.Sprintf("service[%d]", i)
		switch {
		case !idPattern.MatchString(s.ID):
			return fmt.Errorf("%s.id: %q must be lower-case letters, digits, - or _", f, s.ID)
		case h.services[s.ID] != nil:
			return fmt.Errorf("%s.id: %q is used twice", f, s.ID)
		case s.Name == "":
			return fmt.Errorf("%s.name: missing", f)
		case !prefixPattern.MatchString(s.Prefix):
			return fmt.Errorf("%s.prefix: %q must be one or two capital letters", f, s.Prefix)
		case s.Width < 1 || s.Width > 6:
			return fmt.Errorf("%s.width: %d is outside 1…6", f, s.Width)
		case s.DailyCap < 0:
			return fmt.Errorf("%s.daily_cap: %d is negative", f, s.DailyCap)
		case s.WarnDays < 0 || s.WarnDays > 30:
			return fmt.Errorf("%s.warn_days: %d is outside 0…30", f, s.WarnDays)
		case s.ServiceMinutes <= 0 || s.ServiceMinutes > 600:
			return fmt.Errorf("%s.service_minutes: %g is outside 0…600", f, s.ServiceMinutes)
		}
		if j, dup := prefixes[s.Prefix]; dup {
			return fmt.Errorf("%s.prefix: %q is already used by service[%d]", f, s.Prefix, j)
		}
		prefixes[s.Prefix] = i
		if len(s.IssueHours) > 0 {
			spans, err := parseSpans(s.IssueHours)
			if err != nil {
				return fmt.Errorf("%s.issue_hours: %v", f, err)
			}
			h.issue[s.ID] = spans
		}
		h.services[s.ID] = s
	}
	return nil
}

func (h *Hall) buildWindows() error {
	if len(h.Windows) == 0 {
		return fmt.Errorf("window: the hall needs at least one [[window]]")
	}
	for i := range h.Windows {
		w := &h.Windows[i]
		f := fmt.Sprintf("window[%d]", i)
		switch {
		case w.Number < 1 || w.Number > 9999:
			return fmt.Errorf("%s.number: %d is outside 1…9999", f, w.Number)
		case h.windows[w.Number] != nil:
			return fmt.Errorf("%s.number: %d is used twice", f, w.Number)
		case len(w.Services) == 0:
			return fmt.Errorf("%s.services: a window must serve at least one service", f)
		}
		if w.Name == "" {
			w.Name = fmt.Sprintf("%d号窗口", w.Number)
		}
		for id, weight := range w.Services {
			if h.services[id] == nil {
				return fmt.Errorf("%s.services.%s: no such service", f, id)
			}
			if weight < 1 || weight > 100 {
				return fmt.Errorf("%s.services.%s: weight %d is outside 1…100", f, id, weight)
			}
		}
		h.windows[w.Number] = w
	}
	return nil
}

func (h *Hall) buildStaff() error {
	for i := range h.Config.Staff {
		s := &h.Config.Staff[i]
		f := fmt.Sprintf("staff[%d]", i)
		switch {
		case !idPattern.MatchString(s.ID):
			return fmt.Errorf("%s.id: %q must be lower-case letters, digits, - or _", f, s.ID)
		case h.staff[s.ID] != nil:
			return fmt.Errorf("%s.id: %q is used twice", f, s.ID)
		case s.Name == "":
			return fmt.Errorf("%s.name: missing", f)
		case s.Role != RoleClerk && s.Role != RoleSupervisor && s.Role != RoleAdmin:
			return fmt.Errorf("%s.role: %q must be clerk, supervisor or admin", f, s.Role)
		}
		if err := checkPINHash(s.PINHash); err != nil {
			return fmt.Errorf("%s.pin_hash: %v (make one with: halld hash-pin)", f, err)
		}
		for j, p := range s.Posts {
			pf := fmt.Sprintf("%s.posts[%d]", f, j)
			if h.windows[p.Window] == nil {
				return fmt.Errorf("%s.window: %d is not a window of this hall", pf, p.Window)
			}
			if p.Post != "A" && p.Post != "B" {
				return fmt.Errorf("%s.post: %q must be \"A\" or \"B\"", pf, p.Post)
			}
		}
		h.staff[s.ID] = s
	}
	return nil
}
