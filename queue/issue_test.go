package queue

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"halld/queue/hall"
)

// at is a hall-local time "YYYY-MM-DD HH:MM" in Shanghai.
func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, monday10.Location())
	if err != nil {
		panic(err)
	}
	return t
}

// TestOpeningHoursOverrides: a hall's own hours for holidays and single
// dates win over the calendar; without the calendar the weekday decides.
func TestOpeningHoursOverrides(t *testing.T) {
	tests := []struct {
		name, hours string
		at          time.Time
		want        string
	}{
		{"holiday hours", `holiday = ["09:00-12:00"]`, at("2026-10-01 10:00"), ""},
		{"holiday hours, afternoon", `holiday = ["09:00-12:00"]`, at("2026-10-01 14:00"), "outside_hours"},
		{"a date closed", `dates = { "2026-11-24" = [] }`, at("2026-11-24 10:00"), "hall_closed"},
		{"a date open on a holiday", `dates = { "2026-10-08" = ["09:00-11:00"] }`, at("2026-10-08 10:00"), ""},
		{"a date's own close", `dates = { "2026-11-25" = ["09:00-11:00"] }`, at("2026-11-25 10:31"), "issue_cutoff"},
		{"calendar off: 国庆 Thursday open", `official_calendar = false`, at("2026-10-01 10:00"), ""},
		{"calendar off: 调休 Saturday closed", `official_calendar = false`, at("2026-02-28 10:00"), "hall_closed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := strings.Replace(fmt.Sprintf(testHall, ""), "[hours]\n", "[hours]\n"+tc.hours+"\n", 1)
			h, err := hall.Parse([]byte(doc), "test.toml")
			if err != nil {
				t.Fatal(err)
			}
			hs := &harness{t: t, h: h, clock: &fakeClock{t: tc.at}, path: filepath.Join(t.TempDir(), "halld.db"), tokens: map[int]string{}}
			hs.open()
			if _, err := hs.e.Issue(IssueRequest{Service: "a"}); code(err) != tc.want {
				t.Errorf("code = %q (%v), want %q", code(err), err, tc.want)
			}
		})
	}
}

func TestIssueNumbersRestartDailyAndWiden(t *testing.T) {
	hs := newHarness(t)
	for i, want := range []string{"A001", "A002", "A003"} {
		if got := hs.issue("a").Number; got != want {
			t.Fatalf("ticket %d = %s, want %s", i, got, want)
		}
	}
	if got := hs.issue("b").Number; got != "B001" {
		t.Errorf("first B = %s", got)
	}
	var last string
	for range 10 {
		last = hs.issue("w").Number
	}
	if last != "W10" {
		t.Errorf("10th ticket of a width-1 service = %s, want W10 (widened, not wrapped)", last)
	}
	hs.clock.Set(monday10.AddDate(0, 0, 1))
	if got := hs.issue("a").Number; got != "A001" {
		t.Errorf("next day starts at %s, want A001", got)
	}
}

func TestIssueRules(t *testing.T) {
	const validID = "11010519491231002X"
	tests := []struct {
		name   string
		at     time.Time
		req    IssueRequest
		before func(hs *harness)
		want   string
		kind   error
	}{
		{"ok", monday10, IssueRequest{Service: "a"}, nil, "", nil},
		{"unknown service", monday10, IssueRequest{Service: "zz"}, nil, "unknown_service", ErrBadInput},
		{"bad channel", monday10, IssueRequest{Service: "a", Channel: "fax"}, nil, "bad_channel", ErrBadInput},
		{"unknown priority", monday10, IssueRequest{Service: "a", Priority: "vip"}, nil, "unknown_priority", ErrBadInput},
		{"bad id checksum", monday10, IssueRequest{Service: "a", IDNumber: "110105194912310021"}, nil, "bad_id_number", ErrBadInput},
		{"sunday closed", monday10.AddDate(0, 0, 6), IssueRequest{Service: "a"}, nil, "hall_closed", ErrConflict},
		{"lunch break", monday10.Add(150 * time.Minute), IssueRequest{Service: "a"}, nil, "outside_hours", ErrConflict},
		{"before opening", monday10.Add(-90 * time.Minute), IssueRequest{Service: "a"}, nil, "outside_hours", ErrConflict},
		{"cut-off before closing", monday10.Add(6*time.Hour + 31*time.Minute), IssueRequest{Service: "a"}, nil, "issue_cutoff", ErrConflict},
		{"just before cut-off", monday10.Add(6*time.Hour + 29*time.Minute), IssueRequest{Service: "a"}, nil, "", nil},
		{"service issuing hours", monday10.Add(70 * time.Minute), IssueRequest{Service: "c"}, nil, "outside_hours", ErrConflict},
		{"daily cap", monday10, IssueRequest{Service: "c"}, func(hs *harness) { hs.issue("c"); hs.issue("c") }, "cap_reached", ErrConflict},
		{"one waiting ticket per ID", monday10, IssueRequest{Service: "a", IDNumber: validID},
			func(hs *harness) { mustIssue(hs, IssueRequest{Service: "a", IDNumber: validID}) }, "duplicate_ticket", ErrConflict},
		{"same ID other service", monday10, IssueRequest{Service: "b", IDNumber: validID},
			func(hs *harness) { mustIssue(hs, IssueRequest{Service: "a", IDNumber: validID}) }, "", nil},
		// The official calendar (issue 18): Monday–Friday hours, yet
		// 国庆 Thursday is closed and the 调休 Saturday open with Monday's hours.
		{"国庆 Thursday closed", at("2026-10-01 10:00"), IssueRequest{Service: "a"}, nil, "hall_closed", ErrConflict},
		{"国庆 Saturday closed", at("2026-10-03 10:00"), IssueRequest{Service: "a"}, nil, "hall_closed", ErrConflict},
		{"调休 Saturday open", at("2026-02-28 10:00"), IssueRequest{Service: "a"}, nil, "", nil},
		{"调休 Saturday lunch break", at("2026-02-28 12:30"), IssueRequest{Service: "a"}, nil, "outside_hours", ErrConflict},
		{"调休 Saturday cut-off", at("2026-02-28 16:45"), IssueRequest{Service: "a"}, nil, "issue_cutoff", ErrConflict},
		{"元旦 without next year's table", at("2027-01-01 10:00"), IssueRequest{Service: "a"}, nil, "hall_closed", ErrConflict},
		{"the Monday after, without table", at("2027-01-04 10:00"), IssueRequest{Service: "a"}, nil, "", nil},
		{"clock at 1970", time.Unix(0, 0), IssueRequest{Service: "a"}, nil, "clock_untrusted", ErrUnavailable},
		{"clock back a day", monday10.AddDate(0, 0, -1), IssueRequest{Service: "a"},
			func(hs *harness) { hs.issue("a") }, "clock_untrusted", ErrUnavailable},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hs := newHarness(t)
			if tc.before != nil {
				tc.before(hs)
			}
			hs.clock.Set(tc.at)
			_, err := hs.e.Issue(tc.req)
			if code(err) != tc.want {
				t.Fatalf("code = %q (%v), want %q", code(err), err, tc.want)
			}
			if tc.kind != nil && !errors.Is(err, tc.kind) {
				t.Errorf("err %v is not %v", err, tc.kind)
			}
		})
	}
}

func mustIssue(hs *harness, r IssueRequest) TicketView {
	hs.t.Helper()
	v, err := hs.e.Issue(r)
	if err != nil {
		hs.t.Fatal(err)
	}
	return v
}

func TestRefusedIssueChangesNothing(t *testing.T) {
	hs := newHarness(t)
	hs.issue("c")
	hs.issue("c")
	before := hs.e.Stats().Seq
	if _, err := hs.e.Issue(IssueRequest{Service: "c"}); code(err) != "cap_reached" {
		t.Fatalf("err = %v", err)
	}
	if got := hs.e.Stats().Seq; got != before {
		t.Errorf("a refused issue wrote events: seq %d → %d", before, got)
	}
}

func TestIDNumbersAreNotStored(t *testing.T) {
	hs := newHarness(t)
	v := mustIssue(hs, IssueRequest{Service: "a", IDNumber: "11010519491231002x"})
	tk := hs.e.tickets[v.ID]
	if tk.IDMasked != "**************002X" {
		t.Errorf("masked = %q", tk.IDMasked)
	}
	if tk.IDHash == "" || tk.IDHash == "11010519491231002X" {
		t.Errorf("hash = %q", tk.IDHash)
	}
	evs, _ := hs.e.ReadEvents(0, 10)
	for _, ev := range evs {
		if containsAny(string(ev.Data), "19491231", "002X") {
			t.Errorf("event %s leaks the ID number: %s", ev.Type, ev.Data)
		}
	}
}

func TestValidIDNumberAndMask(t *testing.T) {
	for id, ok := range map[string]bool{
		"11010519491231002X": true, "110105194912310021": false, "1101051949123100": false,
		"11010519491231002Y": false, "A1010519491231002X": false,
	} {
		if ValidIDNumber(id) != ok {
			t.Errorf("ValidIDNumber(%s) != %v", id, ok)
		}
	}
	if got := MaskID("110101199003071234"); got != "**************1234" {
		t.Errorf("MaskID = %s", got)
	}
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}
