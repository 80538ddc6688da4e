package hall

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"halld/queue/workday"
)

// ErrInvalid is wrapped by every error about the content of a hall file.
var ErrInvalid = errors.New("hall: invalid config")

// Hall is a validated hall with its lookups.
type Hall struct {
	Config
	Location *time.Location

	services   map[string]*Service
	windows    map[int]*Window
	staff      map[string]*Staff
	priorities map[string]*PriorityClass
	week       [7][]Span // indexed by time.Weekday
	holiday    []Span
	adjusted   time.Weekday
	dates      map[workday.Date][]Span
	issue      map[string][]Span
	md         toml.MetaData
	name       string
	demo       bool // the built-in demo hall (PIN 1234 is expected there)
}

// Load reads and validates a hall file.
func Load(path string) (*Hall, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("hall: %w", err)
	}
	return Parse(data, path)
}

// Parse validates a hall file's content; name is used in error messages.
func Parse(data []byte, name string) (*Hall, error) {
	var c Config
	md, err := toml.Decode(string(data), &c)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrInvalid, name, err)
	}
	if err := unknownKeys(md, ""); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrInvalid, name, err)
	}
	applyDefaults(&c, &md)
	h, err := build(c)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrInvalid, name, err)
	}
	h.md, h.name = md, name
	return h, nil
}

// deferred are the tables decoded later by whoever needs them (see
// DecodeTable): the hall model knows no hardware and no HTTPS.
var deferred = []string{"devices", "tls", "centre", "sms"}

// unknownKeys reports keys nothing decoded: those of table, or with table
// "" those outside every deferred table.
func unknownKeys(md toml.MetaData, table string) error {
	var keys []string
	for _, k := range md.Undecoded() {
		top := ""
		if len(k) > 0 && slices.Contains(deferred, k[0]) {
			top = k[0]
		}
		if top == table {
			keys = append(keys, k.String())
		}
	}
	if len(keys) > 0 {
		return fmt.Errorf("unknown field %s", strings.Join(keys, ", "))
	}
	return nil
}

// HasDevices reports whether the file has a [devices] table.
func (h *Hall) HasDevices() bool { return h.md.IsDefined("devices") }

// DecodeDevices decodes the [devices] table into v, strictly: keys that v
// does not have are errors naming them. Without a [devices] table v is left
// as it is.
func (h *Hall) DecodeDevices(v any) error { return h.DecodeTable("devices", v) }

// DecodeTable decodes a deferred table ("devices", "tls", "centre", "sms") into v,
// strictly: keys that v does not have are errors naming them. Without the
// table v is left as it is (Has tells).
func (h *Hall) DecodeTable(name string, v any) error {
	if !h.md.IsDefined(name) {
		return nil
	}
	prim := h.Devices
	switch name {
	case "tls":
		prim = h.TLS
	case "centre":
		prim = h.Centre
	case "sms":
		prim = h.SMS
	}
	if err := h.md.PrimitiveDecode(prim, v); err != nil {
		return fmt.Errorf("%w: %s: %s: %v", ErrInvalid, h.name, name, err)
	}
	if err := unknownKeys(h.md, name); err != nil {
		return fmt.Errorf("%w: %s: %v", ErrInvalid, h.name, err)
	}
	return nil
}

// Has reports whether the file has the table (or key) at path.
func (h *Hall) Has(path ...string) bool { return h.md.IsDefined(path...) }

func applyDefaults(c *Config, md *toml.MetaData) {
	set := func(p *int, v int, key ...string) {
		if !md.IsDefined(key...) {
			*p = v
		}
	}
	if c.Hall.TimeZone == "" {
		c.Hall.TimeZone = "Asia/Shanghai"
	}
	set(&c.Hours.IssueCutoffMinutes, 30, "hours", "issue_cutoff_minutes")
	if !md.IsDefined("hours", "official_calendar") {
		c.Hours.OfficialCalendar = true
	}
	if c.Hours.AdjustedWorkday == "" {
		c.Hours.AdjustedWorkday = "monday"
	}
	if c.Policy.NoShow == "" {
		c.Policy.NoShow = NoShowReinsert
	}
	set(&c.Policy.ReinsertBehind, 3, "policy", "reinsert_behind")
	set(&c.Policy.MaxReinserts, 1, "policy", "max_reinserts")
	set(&c.Policy.RecallLimit, 3, "policy", "recall_limit")
	set(&c.Policy.PriorityStreak, 2, "policy", "priority_streak")
	set(&c.Policy.ExpireGraceMinutes, 60, "policy", "expire_grace_minutes")
	set(&c.Policy.FollowUpVerifyDays, 1, "policy", "followup_verify_days")
	set(&c.Policy.FollowUpCloseDays, 15, "policy", "followup_close_days")
	set(&c.Policy.LatePressMinutes, 2, "policy", "late_press_minutes")
	set(&c.Policy.SessionIdleMinutes, 240, "policy", "session_idle_minutes")
	set(&c.Policy.SessionMaxHours, 12, "policy", "session_max_hours")
	if !md.IsDefined("policy", "one_ticket_per_id") {
		c.Policy.OneTicketPerID = true
	}
	if !md.IsDefined("policy", "pause_reasons") {
		c.Policy.PauseReasons = []string{"午休", "会议", "临时离开", "培训", "其他"}
	}
	if c.Policy.ServiceMinutes == 0 {
		c.Policy.ServiceMinutes = 10
	}
	complaintDefaults(c, md)
	for i := range c.Services {
		s := &c.Services[i]
		if s.Width == 0 {
			s.Width = 3
		}
		if s.ServiceMinutes == 0 {
			s.ServiceMinutes = c.Policy.ServiceMinutes
		}
		if !md.IsDefined("service", "warn_days") || s.WarnDays == 0 {
			s.WarnDays = 1
		}
	}
	alertDefaults(&c.Alerts, md)
	applyAttendanceDefaults(c, md)
	defaultAssessment(&c.Assessment, md.IsDefined)
	bookingDefaults(c, md)
	for i := range c.Staff {
		if c.Staff[i].Role == "" {
			c.Staff[i].Role = RoleClerk
		}
	}
}

// ServiceByID returns the service with that id, or nil.
func (h *Hall) ServiceByID(id string) *Service { return h.services[id] }

// WindowByNumber returns the window with that number, or nil.
func (h *Hall) WindowByNumber(n int) *Window { return h.windows[n] }

// StaffByID returns the staff member with that id, or nil.
func (h *Hall) StaffByID(id string) *Staff { return h.staff[id] }

// PriorityByID returns the priority class with that id, or nil.
func (h *Hall) PriorityByID(id string) *PriorityClass { return h.priorities[id] }

// OpenSpans returns the opening spans of t's day (in the hall's zone),
// which the official calendar classes as k (see workday.Calendar.Kind): a
// date in hours.dates has its own hours; else, following the official
// calendar, a holiday has the holiday hours (closed by default) and a 调休
// working weekend day the hours of hours.adjusted_workday; any other day
// its weekday's hours.
func (h *Hall) OpenSpans(t time.Time, k workday.Kind) []Span {
	t = t.In(h.Location)
	if s, ok := h.dates[workday.DateOf(t, nil)]; ok {
		return s
	}
	if h.Hours.OfficialCalendar {
		switch k {
		case workday.Holiday:
			return h.holiday
		case workday.Adjusted:
			return h.week[h.adjusted]
		}
	}
	return h.week[t.Weekday()]
}

// IssueSpans returns the spans in which service id may issue on t's day
// (of kind k): the service's own issuing hours if set, else the hall's
// hours. On a day the hall is closed nothing is issued either way.
func (h *Hall) IssueSpans(id string, t time.Time, k workday.Kind) []Span {
	if s, ok := h.issue[id]; ok {
		return s
	}
	return h.OpenSpans(t, k)
}

// Day is the hall-local calendar day of t as YYYY-MM-DD.
func (h *Hall) Day(t time.Time) string { return t.In(h.Location).Format(time.DateOnly) }

// MinuteOfDay is t's hall-local minute since midnight.
func (h *Hall) MinuteOfDay(t time.Time) int {
	l := t.In(h.Location)
	return l.Hour()*60 + l.Minute()
}

// Closing returns the last closing minute of t's day (of kind k), and
// false when the hall is closed all day.
func (h *Hall) Closing(t time.Time, k workday.Kind) (int, bool) {
	spans := h.OpenSpans(t, k)
	if len(spans) == 0 {
		return 0, false
	}
	return spans[len(spans)-1].End, true
}

// ServesWindows lists the windows that serve a service, in number order.
func (h *Hall) ServesWindows(service string) []int {
	var out []int
	for _, w := range h.Windows {
		if w.Services[service] > 0 {
			out = append(out, w.Number)
		}
	}
	return out
}

// CanPost reports whether staff s may log in at window n: clerks only at
// windows where they hold a post, supervisors and admins anywhere.
func (h *Hall) CanPost(s *Staff, n int) (post string, ok bool) {
	for _, p := range s.Posts {
		if p.Window == n {
			return p.Post, true
		}
	}
	if s.Role == RoleSupervisor || s.Role == RoleAdmin {
		return "", true
	}
	return "", false
}
