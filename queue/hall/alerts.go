package hall

import (
	"fmt"
	"slices"

	"github.com/BurntSushi/toml"
)

// Alerts is the [alerts] table: the thresholds of the 超时预警 rules
// (package queue/alerts evaluates them). A number 0 turns its rule off.
// Services may override the wait, queue and case rules in
// [alerts.service.<id>]; the window rules are the hall's.
type Alerts struct {
	// WaitMinutes: a service's longest-waiting ticket has waited longer
	// than this since it was issued (default 30, the usual 承诺 that
	// nobody queues more than half an hour).
	WaitMinutes int `toml:"wait_minutes"`
	// QueueLength: more than this many tickets wait for one service
	// (default 20).
	QueueLength int `toml:"queue_length"`
	// PauseMinutes: a window has been paused (暂停服务) longer than this
	// (default 30).
	PauseMinutes int `toml:"pause_minutes"`
	// UnstaffedMinutes: nobody has been logged in at a window this long
	// within the opening hours (default 15: time to log in after opening
	// or to hand over).
	UnstaffedMinutes int `toml:"unstaffed_minutes"`
	// UnstaffedWindows limits the unstaffed rule to these windows (empty:
	// every window), for halls whose some windows open on some days only.
	UnstaffedWindows []int `toml:"unstaffed_windows"`
	// CaseCard: a case at its yellow card (and again at its red card)
	// raises an alert (default true).
	CaseCard bool `toml:"case_card"`
	// Service overrides per service id; an absent key keeps the hall's.
	Service map[string]AlertOverride `toml:"service"`
}

// AlertOverride is one service's [alerts.service.<id>].
type AlertOverride struct {
	WaitMinutes *int  `toml:"wait_minutes"`
	QueueLength *int  `toml:"queue_length"`
	CaseCard    *bool `toml:"case_card"`
}

// AlertRules are the thresholds in force for one service.
type AlertRules struct {
	WaitMinutes int
	QueueLength int
	CaseCard    bool
}

// AlertRulesFor returns the rules for service id: the hall's with the
// service's overrides.
func (h *Hall) AlertRulesFor(id string) AlertRules {
	r := AlertRules{h.Alerts.WaitMinutes, h.Alerts.QueueLength, h.Alerts.CaseCard}
	o := h.Alerts.Service[id]
	if o.WaitMinutes != nil {
		r.WaitMinutes = *o.WaitMinutes
	}
	if o.QueueLength != nil {
		r.QueueLength = *o.QueueLength
	}
	if o.CaseCard != nil {
		r.CaseCard = *o.CaseCard
	}
	return r
}

// WatchesUnstaffed reports whether the unstaffed rule covers window n.
func (h *Hall) WatchesUnstaffed(n int) bool {
	return h.Alerts.UnstaffedMinutes > 0 && (len(h.Alerts.UnstaffedWindows) == 0 || slices.Contains(h.Alerts.UnstaffedWindows, n))
}

func alertDefaults(a *Alerts, md *toml.MetaData) {
	set := func(p *int, v int, key string) {
		if !md.IsDefined("alerts", key) {
			*p = v
		}
	}
	set(&a.WaitMinutes, 30, "wait_minutes")
	set(&a.QueueLength, 20, "queue_length")
	set(&a.PauseMinutes, 30, "pause_minutes")
	set(&a.UnstaffedMinutes, 15, "unstaffed_minutes")
	if !md.IsDefined("alerts", "case_card") {
		a.CaseCard = true
	}
}

// checkAlerts validates [alerts]; call after services and windows are built.
func (h *Hall) checkAlerts() error {
	a := h.Alerts
	for _, f := range []struct {
		name string
		v    int
	}{{"wait_minutes", a.WaitMinutes}, {"queue_length", a.QueueLength},
		{"pause_minutes", a.PauseMinutes}, {"unstaffed_minutes", a.UnstaffedMinutes}} {
		if f.v < 0 || f.v > 24*60 {
			return fmt.Errorf("alerts.%s: %d must be 0 (off) to 1440", f.name, f.v)
		}
	}
	for _, n := range a.UnstaffedWindows {
		if h.windows[n] == nil {
			return fmt.Errorf("alerts.unstaffed_windows: there is no window %d", n)
		}
	}
	for id, o := range a.Service {
		if h.services[id] == nil {
			return fmt.Errorf("alerts.service.%s: there is no such service", id)
		}
		if o.WaitMinutes != nil && (*o.WaitMinutes < 0 || *o.WaitMinutes > 24*60) {
			return fmt.Errorf("alerts.service.%s.wait_minutes: %d must be 0 (off) to 1440", id, *o.WaitMinutes)
		}
		if o.QueueLength != nil && (*o.QueueLength < 0 || *o.QueueLength > 24*60) {
			return fmt.Errorf("alerts.service.%s.queue_length: %d must be 0 (off) to 1440", id, *o.QueueLength)
		}
	}
	return nil
}
