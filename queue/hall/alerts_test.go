package hall

import (
	"errors"
	"strings"
	"testing"
)

func TestAlertsDefaults(t *testing.T) {
	h, err := Parse([]byte(minimal), "t.toml")
	if err != nil {
		t.Fatal(err)
	}
	a := h.Alerts
	if a.WaitMinutes != 30 || a.QueueLength != 20 || a.PauseMinutes != 30 || a.UnstaffedMinutes != 15 || !a.CaseCard {
		t.Errorf("defaults %+v", a)
	}
	if r := h.AlertRulesFor("estate"); r != (AlertRules{30, 20, true}) {
		t.Errorf("estate's rules %+v", r)
	}
	if !h.WatchesUnstaffed(1) {
		t.Error("window 1 not watched")
	}
}

func TestAlertsOverridesAndOff(t *testing.T) {
	h, err := Parse([]byte(minimal+`
[alerts]
wait_minutes = 0
case_card = false
unstaffed_windows = [1]
[alerts.service.estate]
wait_minutes = 45
queue_length = 0
`), "t.toml")
	if err != nil {
		t.Fatal(err)
	}
	if h.Alerts.WaitMinutes != 0 || h.Alerts.QueueLength != 20 || h.Alerts.CaseCard {
		t.Errorf("hall %+v", h.Alerts)
	}
	if r := h.AlertRulesFor("estate"); r != (AlertRules{45, 0, false}) {
		t.Errorf("estate's rules %+v", r)
	}
	if !h.WatchesUnstaffed(1) || h.WatchesUnstaffed(2) {
		t.Error("unstaffed_windows not applied")
	}
}

func TestAlertsErrorsNameTheField(t *testing.T) {
	for _, tc := range []struct{ edit, want string }{
		{"[alerts]\nwait_minutes = -1", "alerts.wait_minutes: -1"},
		{"[alerts]\npause_minutes = 2000", "alerts.pause_minutes: 2000"},
		{"[alerts]\nunstaffed_windows = [9]", "alerts.unstaffed_windows: there is no window 9"},
		{"[alerts.service.tax]\nwait_minutes = 5", "alerts.service.tax: there is no such service"},
		{"[alerts.service.estate]\nqueue_length = -2", "alerts.service.estate.queue_length"},
		{"[alerts]\nwait_minuts = 5", "unknown field alerts.wait_minuts"},
		{"[alerts.service.estate]\npause_minutes = 5", "unknown field alerts.service.estate.pause_minutes"},
	} {
		_, err := Parse([]byte(minimal+tc.edit), "t.toml")
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.edit, err, tc.want)
		}
	}
}
