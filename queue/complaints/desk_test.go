package complaints

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"halld/queue"
	"halld/queue/hall"
	"halld/queue/queuetest"
)

var shanghai = time.FixedZone("CST", 8*3600)

// world is an engine on the demo hall with window 10 as the 监察投诉窗口,
// its clock at *now, and a desk on it.
type world struct {
	e    *queue.Engine
	d    *Desk
	now  time.Time
	path string
	h    *hall.Hall
	log  bytes.Buffer
}

func newWorld(t *testing.T, table string) *world {
	t.Helper()
	if table == "" {
		table = "[complaints]\nwindows = [10]\n"
	}
	// The demo's own [complaints] table gives way to the test's.
	demo := strings.Replace(string(hall.DemoTOML()), "[complaints]\nwindows = [10]\n", "", 1)
	h, err := hall.Parse([]byte(demo+"\n"+table), "demo+complaints.toml")
	if err != nil {
		t.Fatal(err)
	}
	w := &world{now: time.Date(2026, 9, 30, 10, 0, 0, 0, shanghai), path: filepath.Join(t.TempDir(), "halld.db"), h: h}
	w.open(t)
	return w
}

func (w *world) open(t *testing.T) {
	t.Helper()
	clock := func() time.Time { return w.now }
	w.e = queuetest.OpenAt(t, w.path, w.h, queue.Options{Now: clock})
	d, err := New(w.e, Options{Now: clock, Logger: slog.New(slog.NewTextHandler(&w.log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	w.d = d
}

var (
	admin      = queue.Session{Staff: "admin", Role: hall.RoleAdmin}
	supervisor = queue.Session{Staff: "sup", Role: hall.RoleSupervisor}
	deskClerk  = queue.Session{Staff: "w10", Role: hall.RoleClerk, Window: 10}
	clerk      = queue.Session{Staff: "w3", Role: hall.RoleClerk, Window: 3}
	system     = queue.Session{Staff: "api:hotline", Role: queue.RoleSystem}
)

func filing() Filing {
	return Filing{Window: 3, Staff: "w3", Summary: "办理不动产登记时态度生硬", Contact: Contact{Name: "张三丰", Phone: "13812348000"}}
}

func code(err error) string {
	var qe *queue.Error
	if errors.As(err, &qe) {
		return qe.Code
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

func TestStateMachine(t *testing.T) {
	tests := []struct {
		name  string
		steps []Step
		codes []string // the last step's refusal, "" for none
		state string
	}{
		{"investigate then conclude", []Step{{State: Investigating, Note: "调取录像"}, {State: Concluded, Finding: Substantiated, Note: "属实，已约谈"}}, []string{"", ""}, Concluded},
		{"not substantiated", []Step{{State: Investigating}, {State: Concluded, Finding: Unsubstantiated, Note: "录像显示无不当"}}, []string{"", ""}, Concluded},
		{"conclude before investigating", []Step{{State: Concluded, Finding: Substantiated, Note: "x"}}, []string{"bad_complaint_state"}, Received},
		{"investigate twice", []Step{{State: Investigating}, {State: Investigating}}, []string{"", "bad_complaint_state"}, Investigating},
		{"conclude without finding", []Step{{State: Investigating}, {State: Concluded, Note: "x"}}, []string{"", "finding_required"}, Investigating},
		{"conclude with a bad finding", []Step{{State: Investigating}, {State: Concluded, Finding: "maybe", Note: "x"}}, []string{"", "finding_required"}, Investigating},
		{"conclude without note", []Step{{State: Investigating}, {State: Concluded, Finding: Substantiated}}, []string{"", "note_required"}, Investigating},
		{"finding while investigating", []Step{{State: Investigating, Finding: Substantiated}}, []string{"finding_too_early"}, Received},
		{"back to received", []Step{{State: Received}}, []string{"bad_state"}, Received},
		{"after conclusion", []Step{{State: Investigating}, {State: Concluded, Finding: Unsubstantiated, Note: "x"}, {State: Investigating}}, []string{"", "", "bad_complaint_state"}, Concluded},
		{"note too long", []Step{{State: Investigating, Note: strings.Repeat("长", MaxText+1)}}, []string{"note_too_long"}, Received},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, "")
			v, err := w.d.File(supervisor, filing())
			if err != nil {
				t.Fatal(err)
			}
			before := w.e.Stats().Seq
			events := 0
			for i, st := range tc.steps {
				_, err := w.d.Advance(supervisor, v.ID, st)
				if code(err) != tc.codes[i] {
					t.Fatalf("step %d %+v: %v, want %q", i, st, err, tc.codes[i])
				}
				if err == nil {
					events++
				}
			}
			got, _ := w.d.Get(supervisor, v.ID)
			if got.State != tc.state {
				t.Errorf("state %s, want %s", got.State, tc.state)
			}
			if n := w.e.Stats().Seq - before; n != uint64(events) {
				t.Errorf("%d events for %d accepted steps: a refusal left a trace", n, events)
			}
			if len(got.History) != events+1 {
				t.Errorf("history %+v", got.History)
			}
		})
	}
}

func TestDeadlinesCountWorkingDays(t *testing.T) {
	tests := []struct {
		name, table    string
		filed          time.Time
		accept, finish string
	}{
		// 2026: 10-01…10-07 off for 国庆, 10-10 (a Saturday) worked.
		{"across 国庆 (defaults 1 and 15)", "", time.Date(2026, 9, 30, 10, 0, 0, 0, shanghai), "2026-10-08", "2026-10-27"},
		{"across 国庆, 2 and 5", "[complaints]\naccept_days = 2\nconclude_days = 5\n", time.Date(2026, 9, 30, 16, 0, 0, 0, shanghai), "2026-10-09", "2026-10-13"},
		{"an ordinary Friday", "", time.Date(2026, 11, 20, 9, 0, 0, 0, shanghai), "2026-11-23", "2026-12-11"},
		{"late in the evening of the hall's day", "", time.Date(2026, 11, 23, 23, 30, 0, 0, shanghai), "2026-11-24", "2026-12-14"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, tc.table)
			w.now = tc.filed
			v, err := w.d.File(admin, filing())
			if err != nil {
				t.Fatal(err)
			}
			if v.AcceptDue.String() != tc.accept || v.ConcludeDue.String() != tc.finish || v.Provisional {
				t.Fatalf("due %s / %s (provisional %v), want %s / %s", v.AcceptDue, v.ConcludeDue, v.Provisional, tc.accept, tc.finish)
			}
		})
	}
}

func TestOverdue(t *testing.T) {
	w := newWorld(t, "")
	a, _ := w.d.File(supervisor, filing())
	w.now = time.Date(2026, 10, 1, 9, 0, 0, 0, shanghai)
	b, _ := w.d.File(supervisor, Filing{Service: "tax", Summary: "排队太久"})
	at := func(s string) time.Time {
		d, _ := time.ParseInLocation(time.DateOnly, s, shanghai)
		return d.Add(12 * time.Hour)
	}
	ids := func(list []View) string {
		var s []string
		for _, v := range list {
			s = append(s, v.ID+":"+v.Overdue)
		}
		return strings.Join(s, " ")
	}
	if got := ids(w.d.Overdue(at("2026-10-08"))); got != "" {
		t.Errorf("on the accept due day: %s", got)
	}
	if got, want := ids(w.d.Overdue(at("2026-10-09"))), a.ID+":accept "+b.ID+":accept"; got != want {
		t.Errorf("a day late: %q, want %q", got, want)
	}
	w.now = at("2026-10-09")
	if _, err := w.d.Advance(supervisor, a.ID, Step{State: Investigating}); err != nil {
		t.Fatal(err)
	}
	if got, want := ids(w.d.Overdue(at("2026-10-09"))), b.ID+":accept"; got != want {
		t.Errorf("after a is investigated: %q, want %q", got, want)
	}
	// The longest overdue first: b's accept day (10-08) before a's conclude day (10-27).
	if got, want := ids(w.d.Overdue(at("2026-10-28"))), b.ID+":accept "+a.ID+":conclude"; got != want {
		t.Errorf("past the conclude day: %q, want %q", got, want)
	}
	w.now = at("2026-10-28")
	if err := w.e.ConfirmDay("2026-10-28"); err != nil { // the engine asks before a jump of weeks
		t.Fatal(err)
	}
	v, err := w.d.Advance(supervisor, a.ID, Step{State: Concluded, Finding: Unsubstantiated, Note: "经核实不属实"})
	if err != nil {
		t.Fatal(err)
	}
	if v.OnTime == nil || *v.OnTime {
		t.Errorf("concluded a day late: on_time %v", v.OnTime)
	}
	if got, want := ids(w.d.Overdue(at("2026-10-28"))), b.ID+":accept"; got != want {
		t.Errorf("after a is concluded: %q, want %q", got, want)
	}
}

func TestContactIsSealedAndMasked(t *testing.T) {
	w := newWorld(t, "")
	v, err := w.d.File(deskClerk, filing())
	if err != nil {
		t.Fatal(err)
	}
	if v.Name != "张*丰" || v.Phone != "*******8000" || v.Sealed != nil {
		t.Fatalf("view shows %q %q sealed %v", v.Name, v.Phone, v.Sealed)
	}
	list, _ := w.d.List(supervisor, Filter{})
	raw, _ := json.Marshal(list)
	evs, _ := w.e.ReadEvents(0, 100)
	for _, ev := range evs {
		raw = append(raw, ev.JSON()...)
	}
	raw = append(raw, w.log.Bytes()...)
	for _, secret := range []string{"张三丰", "13812348000", "1381234"} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("%q appears in the list, the events or the log", secret)
		}
	}
	c, err := w.d.Contact(supervisor, v.ID)
	if err != nil || c != (Contact{Name: "张三丰", Phone: "13812348000"}) {
		t.Fatalf("Contact = %+v, %v", c, err)
	}
	if _, err := w.d.Contact(system, v.ID); code(err) != "not_allowed" {
		t.Errorf("a system read the contact: %v", err)
	}
	w.e.Close()
	db, err := os.ReadFile(w.path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(db, []byte("13812348000")) || bytes.Contains(db, []byte("张三丰")) {
		t.Error("the database holds the contact in clear")
	}
}

func TestEventsCarryTheAttribution(t *testing.T) {
	w := newWorld(t, "")
	before := w.e.Stats().Seq
	v, err := w.d.File(supervisor, Filing{Window: 3, Staff: "w3", Summary: "推诿", Contact: Contact{Phone: "010-12345678"}})
	if err != nil {
		t.Fatal(err)
	}
	w.d.Advance(supervisor, v.ID, Step{State: Investigating})
	w.d.Advance(admin, v.ID, Step{State: Concluded, Finding: Substantiated, Note: "属实"})
	evs, _ := w.e.ReadEvents(before, 10)
	if len(evs) != 3 || evs[0].Type != EvFiled || evs[2].Type != EvUpdated {
		t.Fatalf("events %+v", evs)
	}
	var last Event
	if err := json.Unmarshal(evs[2].Data, &last); err != nil {
		t.Fatal(err)
	}
	// Window 3 serves estate only: the complaint counts against its department.
	dept := w.h.ServiceByID("estate").Department
	want := Event{ID: v.ID, Source: FromDesk, State: Concluded, Finding: Substantiated, Window: 3, Staff: "w3",
		Department: dept, FiledAt: v.FiledAt, AcceptDue: v.AcceptDue, ConcludeDue: v.ConcludeDue, By: "admin"}
	if last.OnTime == nil || !*last.OnTime {
		t.Errorf("on_time %v", last.OnTime)
	}
	last.OnTime, last.FiledAt = nil, last.FiledAt.In(v.FiledAt.Location())
	if dept == "" || last != want {
		t.Errorf("complaint.updated carries\n%+v\nwant\n%+v", last, want)
	}
}

func TestFilingRules(t *testing.T) {
	tests := []struct {
		name string
		s    queue.Session
		f    func(*Filing)
		code string
		src  string
	}{
		{"supervisor", supervisor, nil, "", FromDesk},
		{"admin", admin, nil, "", FromDesk},
		{"clerk at the complaints window", deskClerk, nil, "", FromDesk},
		{"clerk at another window", clerk, nil, "not_allowed", ""},
		{"an outside system", system, nil, "", FromAPI},
		{"system cannot claim a follow-up", system, func(f *Filing) { f.FollowUp = "t1" }, "followup_not_allowed", ""},
		{"from a follow-up", supervisor, func(f *Filing) { f.FollowUp = "t1" }, "", FromFollowUp},
		{"no target", admin, func(f *Filing) { f.Window, f.Staff = 0, "" }, "target_required", ""},
		{"unknown window", admin, func(f *Filing) { f.Window = 99 }, "window_not_found", ""},
		{"unknown staff", admin, func(f *Filing) { f.Staff = "nobody" }, "staff_not_found", ""},
		{"unknown service", admin, func(f *Filing) { f.Service = "nope" }, "service_not_found", ""},
		{"unknown case", admin, func(f *Filing) { f.Case = "20260930-0099" }, "case_not_found", ""},
		{"empty summary", admin, func(f *Filing) { f.Summary = "  " }, "summary_required", ""},
		{"bad phone", admin, func(f *Filing) { f.Contact.Phone = "call me" }, "bad_phone", ""},
		{"anonymous", admin, func(f *Filing) { f.Contact = Contact{} }, "", FromDesk},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, "")
			f := filing()
			if tc.f != nil {
				tc.f(&f)
			}
			before := w.e.Stats().Seq
			v, err := w.d.File(tc.s, f)
			if code(err) != tc.code {
				t.Fatalf("File: %v, want %q", err, tc.code)
			}
			if err != nil {
				if w.e.Stats().Seq != before {
					t.Error("a refused filing left an event")
				}
				return
			}
			if v.Source != tc.src || v.State != Received || v.FiledBy != tc.s.Staff {
				t.Errorf("filed %+v", v)
			}
		})
	}
}

func TestRoles(t *testing.T) {
	w := newWorld(t, "")
	own, _ := w.d.File(admin, Filing{Staff: "w10", Summary: "态度差"})
	other, _ := w.d.File(admin, filing())
	tests := []struct {
		name string
		s    queue.Session
		id   string
		code string
	}{
		{"clerk elsewhere may not handle", clerk, other.ID, "not_allowed"},
		{"system may not handle", system, other.ID, "not_allowed"},
		{"complaints window handles", deskClerk, other.ID, ""},
		{"but not one about himself", deskClerk, own.ID, "own_complaint"},
		{"a supervisor handles that one", supervisor, own.ID, ""},
		{"unknown complaint", supervisor, "TS20260930999", "complaint_not_found"},
	}
	for _, tc := range tests {
		_, err := w.d.Advance(tc.s, tc.id, Step{State: Investigating})
		if code(err) != tc.code {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.code)
		}
	}
	if _, err := w.d.List(clerk, Filter{}); code(err) != "not_allowed" {
		t.Errorf("a clerk elsewhere listed complaints: %v", err)
	}
	if l, err := w.d.List(system, Filter{Open: true}); err != nil || len(l) != 2 {
		t.Errorf("system lists %d, %v", len(l), err)
	}
	if l, _ := w.d.List(supervisor, Filter{Staff: "w10"}); len(l) != 1 || l[0].ID != own.ID {
		t.Errorf("filter by staff: %+v", l)
	}
}

func TestComplaintAboutACase(t *testing.T) {
	w := newWorld(t, "")
	k, err := w.e.CreateCase("admin", queue.CaseRequest{Service: "tax", Window: 9, Type: queue.CasePromised, PromisedDays: 3,
		Applicant: queue.Applicant{Name: "王五"}})
	if err != nil {
		t.Fatal(err)
	}
	v, err := w.d.File(supervisor, Filing{Case: k.Number, Summary: "超期未办结"})
	if err != nil {
		t.Fatal(err)
	}
	if v.Case != k.Number || v.Service != "tax" || v.Window != 9 || v.Department == "" || v.Department != k.Department {
		t.Errorf("complaint about case %s: %+v", k.Number, v)
	}
}

func TestFollowUpFiledOnce(t *testing.T) {
	w := newWorld(t, "")
	f := FollowUpFiling(queue.FollowUp{Ticket: "t-1", Window: 3, Staff: "w3", Service: "estate"}, "差评回访时投诉", Contact{})
	v, err := w.d.File(supervisor, f)
	if err != nil || v.FollowUp != "t-1" || v.Source != FromFollowUp || v.Department == "" {
		t.Fatalf("%+v %v", v, err)
	}
	if _, err := w.d.File(supervisor, f); code(err) != "followup_filed" {
		t.Errorf("second filing from one follow-up: %v", err)
	}
}

func TestRestartKeepsTheRegister(t *testing.T) {
	w := newWorld(t, "")
	a, _ := w.d.File(supervisor, filing())
	w.d.Advance(supervisor, a.ID, Step{State: Investigating, Note: "调查中"})
	w.e.Close()
	w.open(t)
	got, err := w.d.Get(supervisor, a.ID)
	if err != nil || got.State != Investigating || len(got.History) != 2 || got.Name != "张*丰" {
		t.Fatalf("after restart %+v %v", got, err)
	}
	if c, err := w.d.Contact(supervisor, a.ID); err != nil || c.Phone != "13812348000" {
		t.Errorf("contact after restart %+v %v", c, err)
	}
	b, err := w.d.File(supervisor, filing())
	if err != nil || b.ID != "TS20260930002" || a.ID != "TS20260930001" {
		t.Errorf("ids %s then %s (%v)", a.ID, b.ID, err)
	}
}

// A complaint due in a year without a holiday table is provisional; once
// the table is loaded it shows, and at its next step stores, the due day
// the table gives. (The 2027 table here is made up for the test.)
func TestProvisionalDueDaysFollowTheTable(t *testing.T) {
	w := newWorld(t, "")
	w.now = time.Date(2026, 12, 28, 10, 0, 0, 0, shanghai)
	v, err := w.d.File(supervisor, filing())
	if err != nil {
		t.Fatal(err)
	}
	if !v.Provisional || v.ConcludeDue.String() != "2027-01-19" {
		t.Fatalf("without 2027's table: %s provisional %v", v.ConcludeDue, v.Provisional)
	}
	table := `{"year":2027,"notice":"测试用","days":[{"date":"2027-01-01","name":"元旦","off":true},
		{"date":"2027-01-04","name":"测试","off":true},{"date":"2027-01-05","name":"测试","off":true}]}`
	if _, err := w.e.LoadHolidays([]byte(table)); err != nil {
		t.Fatal(err)
	}
	got, _ := w.d.Get(supervisor, v.ID)
	if got.Provisional || got.ConcludeDue.String() != "2027-01-21" {
		t.Errorf("with the table: %s provisional %v", got.ConcludeDue, got.Provisional)
	}
	before := w.e.Stats().Seq
	if _, err := w.d.Advance(supervisor, v.ID, Step{State: Investigating}); err != nil {
		t.Fatal(err)
	}
	evs, _ := w.e.ReadEvents(before, 1)
	var ev Event
	json.Unmarshal(evs[0].Data, &ev)
	if ev.Provisional || ev.ConcludeDue.String() != "2027-01-21" {
		t.Errorf("the step's event: %s provisional %v", ev.ConcludeDue, ev.Provisional)
	}
}
