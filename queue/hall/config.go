package hall

import "github.com/BurntSushi/toml"

// Version is the config file version this build reads.
const Version = 1

// Config is the hall file as written by people. Load and Parse return it
// validated and with defaults applied; use the methods on *Hall for lookups.
type Config struct {
	Version    int             `toml:"version"`
	Hall       Info            `toml:"hall"`
	Hours      Hours           `toml:"hours"`
	Policy     Policy          `toml:"policy"`
	Priorities []PriorityClass `toml:"priority"`
	Services   []Service       `toml:"service"`
	Windows    []Window        `toml:"window"`
	Staff      []Staff         `toml:"staff"`
	Alerts     Alerts          `toml:"alerts"` // 超时预警 (alerts.go)
	Attendance Attendance      `toml:"attendance"`
	Complaints Complaints      `toml:"complaints"` // complaints.go
	// Assessment is the [assessment] table (月度考核), see assessment.go.
	Assessment Assessment `toml:"assessment"`
	Booking    Booking    `toml:"booking"` // appointments, see booking.go
	// Devices is the [devices] table, decoded later by whoever drives the
	// devices (see Hall.DecodeDevices): the hall model knows no hardware.
	Devices toml.Primitive `toml:"devices"`
	// TLS is the [tls] table (HTTPS), decoded by the daemon (DecodeTable).
	TLS toml.Primitive `toml:"tls"`
	// Centre is the [centre] table (the link to a county or city centre),
	// decoded by the daemon (DecodeTable): the hall model knows no network.
	Centre toml.Primitive `toml:"centre"`
	// SMS is the [sms] table (短信告知), decoded by package queue/sms.
	SMS toml.Primitive `toml:"sms"`
}

// Info names the hall.
type Info struct {
	Name     string `toml:"name"`
	TimeZone string `toml:"time_zone"` // IANA name, default Asia/Shanghai
}

// Hours are the opening hours per weekday as "HH:MM-HH:MM" spans.
// An empty list means closed that day. "00:00-24:00" is open all day.
type Hours struct {
	Monday    []string `toml:"monday"`
	Tuesday   []string `toml:"tuesday"`
	Wednesday []string `toml:"wednesday"`
	Thursday  []string `toml:"thursday"`
	Friday    []string `toml:"friday"`
	Saturday  []string `toml:"saturday"`
	Sunday    []string `toml:"sunday"`
	// IssueCutoffMinutes stops issuing this many minutes before the day's
	// last closing time (default 30).
	IssueCutoffMinutes int `toml:"issue_cutoff_minutes"`
	// OfficialCalendar (default true) follows the working-day calendar
	// (the holiday tables): a holiday keeps the Holiday hours (closed by
	// default) whatever its weekday, and a 调休 working Saturday or Sunday
	// the hours of AdjustedWorkday.
	OfficialCalendar bool `toml:"official_calendar"`
	// AdjustedWorkday names the weekday whose hours a 调休 working weekend
	// day keeps (default "monday": the notice names no weekday).
	AdjustedWorkday string `toml:"adjusted_workday"`
	// Holiday: the hours on a holiday (default none: closed).
	Holiday []string `toml:"holiday"`
	// Dates overrides single days, "YYYY-MM-DD" = spans (empty: closed),
	// before anything else: a local closure, a 延时服务 day.
	Dates map[string][]string `toml:"dates"`
}

// Policy holds the rules that differ from city to city.
type Policy struct {
	// NoShow is "reinsert" (put the ticket back behind the next
	// ReinsertBehind waiting tickets) or "void" (过号无效，请重新取号).
	NoShow         string `toml:"no_show"`
	ReinsertBehind int    `toml:"reinsert_behind"` // default 3
	MaxReinserts   int    `toml:"max_reinserts"`   // default 1; a further no-show voids
	RecallLimit    int    `toml:"recall_limit"`    // default 3
	// PriorityStreak is K: at most K priority calls in a row per window
	// while normal tickets wait (default 2).
	PriorityStreak int `toml:"priority_streak"`
	// KeepOvernight keeps waiting tickets across days instead of expiring
	// them at the daily close.
	KeepOvernight bool `toml:"keep_overnight"`
	// ExpireGraceMinutes: waiting tickets expire this long after the day's
	// last closing time (default 60), so a clerk can still serve the queue.
	ExpireGraceMinutes int `toml:"expire_grace_minutes"`
	// OneTicketPerID allows one waiting ticket per ID number per service
	// when an ID number is given (default true).
	OneTicketPerID bool     `toml:"one_ticket_per_id"`
	PauseReasons   []string `toml:"pause_reasons"`
	// ServiceMinutes seeds the wait estimate before any service has been
	// measured (default 10); a service may override it.
	ServiceMinutes float64 `toml:"service_minutes"`
	// A 差评 is verified with the applicant within FollowUpVerifyDays and
	// rectified and answered within FollowUpCloseDays working days
	// (defaults 1 and 15).
	FollowUpVerifyDays int `toml:"followup_verify_days"`
	FollowUpCloseDays  int `toml:"followup_close_days"`
	// Some provinces record a default evaluation for services left
	// unevaluated after DefaultEvaluationDays days (广东 基本满意 = 3, 广西
	// 非常满意 = 5); 0 days (the default) leaves them 未评价.
	DefaultEvaluationDays  int `toml:"default_evaluation_days"`
	DefaultEvaluationLevel int `toml:"default_evaluation_level"`
	// EvaluationDays: an applicant may still rate a service (from the
	// phone, by the ticket's QR code) this many days after the day of
	// service; 0 (the default) allows the day of service only. Provinces
	// allow several days (e.g. 7). With a default evaluation it must be
	// less than DefaultEvaluationDays, which ends the window.
	EvaluationDays int `toml:"evaluation_days"`
	// LatePressMinutes: a dispenser-button press that reaches the hub this
	// much later (a satellite board was cut off) issues no ticket — the
	// applicant has long gone or pressed again (default 2).
	LatePressMinutes int `toml:"late_press_minutes"`
	// A staff login ends after SessionIdleMinutes without a request
	// (default 240) and SessionMaxHours after it began (default 12),
	// whatever happens; 0 turns a limit off. Machine tokens (approval
	// systems, boards) do not expire.
	SessionIdleMinutes int `toml:"session_idle_minutes"`
	SessionMaxHours    int `toml:"session_max_hours"`
}

// PriorityClass is one kind of priority ticket (绿色通道, 老年人, 军人…).
type PriorityClass struct {
	ID   string `toml:"id" json:"id"`
	Name string `toml:"name" json:"name"`
}

// Service is one service item queue (事项队列) with its own number prefix.
type Service struct {
	ID         string `toml:"id"`
	Name       string `toml:"name"`
	Department string `toml:"department"`
	Prefix     string `toml:"prefix"`    // one or two capital letters
	Width      int    `toml:"width"`     // digits of the number, default 3; widens past 999
	DailyCap   int    `toml:"daily_cap"` // 0 = no cap
	// IssueHours limits ticket issuing to these spans (出票时间段); empty
	// means the hall's hours.
	IssueHours     []string `toml:"issue_hours"`
	ServiceMinutes float64  `toml:"service_minutes"` // 0 = policy default
	// WarnDays: a case's yellow card shows when at most this many working
	// days remain (default 1).
	WarnDays int `toml:"warn_days"`
}

// Window is one service window and the services it serves, each with a
// weight: higher weights are served first (综合窗口 serve many).
type Window struct {
	Number   int            `toml:"number"`
	Name     string         `toml:"name"`
	Services map[string]int `toml:"services"`
}

// Staff is one person who may log in. Role is clerk, supervisor or admin.
type Staff struct {
	ID      string `toml:"id"`
	Name    string `toml:"name"`
	PINHash string `toml:"pin_hash"`
	Role    string `toml:"role"`
	Posts   []Post `toml:"posts"`
	// Card is the number of the member's staff card as its reader types
	// it (考勤 punches); optional.
	Card string `toml:"card"`
}

// Post is an A/B post (AB岗) of a staff member at a window.
type Post struct {
	Window int    `toml:"window"`
	Post   string `toml:"post"` // "A" or "B"
}

// Roles.
const (
	RoleClerk      = "clerk"
	RoleSupervisor = "supervisor"
	RoleAdmin      = "admin"
)

// No-show policies.
const (
	NoShowReinsert = "reinsert"
	NoShowVoid     = "void"
)
