package sms

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

// ErrConfig is wrapped by every [sms] error; messages name the field.
var ErrConfig = errors.New("sms: invalid config")

// Config is the [sms] table of hall.toml.
type Config struct {
	Enabled bool `toml:"enabled"`
	// RatePerMinute caps sends (modems and operators throttle bulk
	// senders; default 10).
	RatePerMinute int `toml:"rate_per_minute"`
	// MaxAttempts before a message is given up (default 5).
	MaxAttempts int `toml:"max_attempts"`
	// RetryS is the wait after the first failure, doubled after each
	// further one, at most an hour (default 60).
	RetryS int `toml:"retry_s"`
	// Ahead: the near notice goes when this many people are ahead
	// (default 2: the ticket is third in line).
	Ahead int `toml:"ahead"`
	// ReminderMinutes: an appointment's reminder goes this long before
	// its slot (default 1440: the day before; 60 is an hour before). A
	// booking made later than that is reminded at once.
	ReminderMinutes int   `toml:"reminder_minutes"`
	Texts           Texts `toml:"texts"`
	// Webhook sends through an SMS platform instead of a modem.
	Webhook *Webhook `toml:"webhook"`
}

// Texts are the notices' wording. Placeholders: {hall}, {number} (the
// ticket), {service}, {ahead}, {case}, {window}; and in the appointment
// reminder {time} (the slot: "11月24日 10:30–11:00") and {code} (the
// booking's confirmation code).
type Texts struct {
	Near     string `toml:"near"`
	CaseDone string `toml:"case_done"`
	Reminder string `toml:"reminder"`
}

// Webhook is an SMS platform's HTTP endpoint: halld POSTs
// {"phone","text","id"} as JSON with an HMAC-SHA256 of the body under the
// shared secret (see the webhook sender in cmd/halld and docs/api.md).
type Webhook struct {
	URL      string `toml:"url"`
	Secret   string `toml:"secret"`
	TimeoutS int    `toml:"timeout_s"` // default 10
}

// Defaults of the wording (the hall's name is the signature operators
// require in brackets).
const (
	DefaultNear     = "【{hall}】您的{number}号（{service}）前面还有{ahead}位，请回到大厅留意叫号。"
	DefaultCaseDone = "【{hall}】您的办件{case}已办结，请到{window}号窗口领取。"
	DefaultReminder = "【{hall}】提醒：您预约的{service}在{time}办理，请按时携带身份证到取号机预约签到（预约码{code}）。"
)

var placeholder = regexp.MustCompile(`\{[a-z_]*\}`)

var known = map[string]bool{"{hall}": true, "{number}": true, "{service}": true, "{ahead}": true, "{case}": true, "{window}": true,
	"{time}": true, "{code}": true}

// Validate fills the defaults and checks the table.
func (c *Config) Validate() error {
	bad := func(field, f string, a ...any) error {
		return fmt.Errorf("%w: sms.%s: %s", ErrConfig, field, fmt.Sprintf(f, a...))
	}
	def := func(p *int, v int) {
		if *p == 0 {
			*p = v
		}
	}
	def(&c.RatePerMinute, 10)
	def(&c.MaxAttempts, 5)
	def(&c.RetryS, 60)
	def(&c.Ahead, 2)
	if c.Texts.Near == "" {
		c.Texts.Near = DefaultNear
	}
	if c.Texts.CaseDone == "" {
		c.Texts.CaseDone = DefaultCaseDone
	}
	if c.Texts.Reminder == "" {
		c.Texts.Reminder = DefaultReminder
	}
	def(&c.ReminderMinutes, 1440)
	switch {
	case c.RatePerMinute < 1 || c.RatePerMinute > 600:
		return bad("rate_per_minute", "%d not in 1…600", c.RatePerMinute)
	case c.MaxAttempts < 1 || c.MaxAttempts > 20:
		return bad("max_attempts", "%d not in 1…20", c.MaxAttempts)
	case c.RetryS < 1 || c.RetryS > 3600:
		return bad("retry_s", "%d not in 1…3600", c.RetryS)
	case c.Ahead < 1 || c.Ahead > 20:
		return bad("ahead", "%d not in 1…20", c.Ahead)
	case c.ReminderMinutes < 10 || c.ReminderMinutes > 7*1440:
		return bad("reminder_minutes", "%d not in 10…10080", c.ReminderMinutes)
	}
	for field, t := range map[string]string{"texts.near": c.Texts.Near, "texts.case_done": c.Texts.CaseDone, "texts.reminder": c.Texts.Reminder} {
		if utf8.RuneCountInString(t) > 300 {
			return bad(field, "longer than 300 characters")
		}
		for _, p := range placeholder.FindAllString(t, -1) {
			if !known[p] {
				return bad(field, "unknown placeholder %s (use {hall}, {number}, {service}, {ahead}, {case}, {window}, {time}, {code})", p)
			}
		}
	}
	if w := c.Webhook; w != nil {
		u, err := url.Parse(w.URL)
		switch {
		case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
			return bad("webhook.url", "%q is not an http(s) URL", w.URL)
		case len(w.Secret) < 16:
			return bad("webhook.secret", "must be at least 16 characters")
		case w.TimeoutS < 0 || w.TimeoutS > 120:
			return bad("webhook.timeout_s", "%d not in 0…120", w.TimeoutS)
		}
		def(&w.TimeoutS, 10)
	}
	return nil
}

// fill puts values into a text's placeholders.
func fill(text string, v map[string]string) string {
	return placeholder.ReplaceAllStringFunc(text, func(p string) string {
		return v[strings.Trim(p, "{}")]
	})
}
