package queue

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"
)

func mustCase(t *testing.T, hs *harness, r CaseRequest) CaseView {
	t.Helper()
	v, err := hs.e.CreateCase("api:test", r)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestCaseCreateAndDeadline(t *testing.T) {
	hs := newHarness(t)
	v := mustCase(t, hs, CaseRequest{Service: "a", Applicant: Applicant{Name: "张三丰", Phone: "13812341234"}, Type: CasePromised, PromisedDays: 5})
	if v.Number != "202611230001" || v.Due.String() != "2026-11-30" || v.Applicant != "张*丰" || v.State != CaseAccepted || *v.Remaining != 5 {
		t.Errorf("case %+v (remaining %d)", v, *v.Remaining)
	}
	inst := mustCase(t, hs, CaseRequest{Number: "JB-0001", Service: "b", Applicant: Applicant{Company: "某某有限公司"}, Type: CaseInstant})
	if inst.Due.String() != "2026-11-23" || inst.Applicant != "某某有限公司" {
		t.Errorf("instant case %+v", inst)
	}
	tests := []struct {
		name string
		r    CaseRequest
		want string
	}{
		{"duplicate number", CaseRequest{Number: "JB-0001", Service: "b", Applicant: Applicant{Name: "李四"}, Type: CaseInstant}, "case_exists"},
		{"bad number", CaseRequest{Number: "x y", Service: "b", Applicant: Applicant{Name: "李四"}, Type: CaseInstant}, "bad_case_number"},
		{"no applicant", CaseRequest{Service: "b", Type: CaseInstant}, "applicant_required"},
		{"bad type", CaseRequest{Service: "b", Applicant: Applicant{Name: "李四"}, Type: "fast"}, "bad_case_type"},
		{"days missing", CaseRequest{Service: "b", Applicant: Applicant{Name: "李四"}, Type: CasePromised}, "bad_promised_days"},
		{"bad id", CaseRequest{Service: "b", Applicant: Applicant{Name: "李四", IDNumber: "123"}, Type: CaseInstant}, "bad_id_number"},
		{"unknown service", CaseRequest{Service: "zz", Applicant: Applicant{Name: "李四"}, Type: CaseInstant}, "unknown_service"},
	}
	for _, tc := range tests {
		if _, err := hs.e.CreateCase("api:test", tc.r); code(err) != tc.want {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.want)
		}
	}
}

func TestCaseTransitions(t *testing.T) {
	hs := newHarness(t)
	tests := []struct {
		from  []CaseState // path to reach the state under test
		to    CaseState
		note  string
		want  string // "" or refusal code
		state CaseState
	}{
		{nil, CaseProcessing, "", "", CaseProcessing},
		{nil, CaseSuspended, "", "reason_required", CaseAccepted},
		{nil, CaseSuspended, "补正材料", "", CaseSuspended},
		{nil, CasePickedUp, "", "bad_case_state", CaseAccepted},
		{[]CaseState{CaseProcessing}, CaseDone, "", "", CaseDone},
		{[]CaseState{CaseDone}, CaseAwaiting, "", "", CaseAwaiting},
		{[]CaseState{CaseDone, CaseAwaiting}, CasePickedUp, "", "", CasePickedUp},
		{[]CaseState{CaseRefused}, CaseProcessing, "", "bad_case_state", CaseRefused},
		{[]CaseState{CaseDone}, CaseProcessing, "", "bad_case_state", CaseDone},
	}
	for i, tc := range tests {
		v := mustCase(t, hs, CaseRequest{Service: "a", Applicant: Applicant{Name: "王五"}, Type: CasePromised, PromisedDays: 3})
		for _, s := range tc.from {
			if _, err := hs.e.UpdateCase("w1", v.Number, CaseUpdate{State: s, Note: "x"}); err != nil {
				t.Fatalf("%d: setup %s: %v", i, s, err)
			}
		}
		got, err := hs.e.UpdateCase("w1", v.Number, CaseUpdate{State: tc.to, Note: tc.note})
		if code(err) != tc.want {
			t.Errorf("%d: %v → %s: %v, want %q", i, tc.from, tc.to, err, tc.want)
		}
		if now, _ := hs.e.CaseByNumber(v.Number); now.State != tc.state {
			t.Errorf("%d: state %s, want %s (answer %+v)", i, now.State, tc.state, got)
		}
	}
	if _, err := hs.e.UpdateCase("w1", "nope", CaseUpdate{State: CaseDone}); code(err) != "case_not_found" {
		t.Errorf("unknown case: %v", err)
	}
}

// TestCasePauseAddsDaysBack: a 补正 pause stops the clock and the working
// days it took are added back.
func TestCasePauseAddsDaysBack(t *testing.T) {
	hs := newHarness(t)
	v := mustCase(t, hs, CaseRequest{Service: "a", Applicant: Applicant{Name: "赵六"}, Type: CasePromised, PromisedDays: 5})
	hs.clock.Set(monday10.AddDate(0, 0, 1)) // Tue: 补正
	p, _ := hs.e.UpdateCase("w1", v.Number, CaseUpdate{State: CaseSuspended, Note: "补正材料"})
	if !p.Paused || !p.Due.IsZero() {
		t.Errorf("while suspended: paused %v due %s", p.Paused, p.Due)
	}
	hs.clock.Set(monday10.AddDate(0, 0, 3)) // Thu: materials arrive
	r, err := hs.e.UpdateCase("w1", v.Number, CaseUpdate{State: CaseProcessing, Note: "材料已补齐"})
	if err != nil {
		t.Fatal(err)
	}
	// Counted: nothing before Tue; Tue–Thu paused; Fri 11-27 (1), Mon 11-30
	// (2), Tue (3), Wed (4), Thu 12-03 (5).
	if r.Due.String() != "2026-12-03" {
		t.Errorf("due after a Tue–Thu pause: %s, want 2026-12-03", r.Due)
	}
}

// TestCaseCards: yellow near the deadline, red once overdue, an instant
// case red the next day; the warnings are events.
func TestCaseCards(t *testing.T) {
	hs := newHarness(t)
	p := mustCase(t, hs, CaseRequest{Service: "a", Applicant: Applicant{Name: "钱七"}, Type: CasePromised, PromisedDays: 2}) // due Wed 11-25
	i := mustCase(t, hs, CaseRequest{Service: "a", Applicant: Applicant{Name: "孙八"}, Type: CaseInstant})
	if p.Card != "" || i.Card != "" {
		t.Fatalf("fresh cards %q %q", p.Card, i.Card)
	}
	seq := hs.e.Stats().Seq
	hs.clock.Set(monday10.AddDate(0, 0, 1)) // Tue: one working day left
	if err := hs.e.Tick(); err != nil {
		t.Fatal(err)
	}
	pv, _ := hs.e.CaseByNumber(p.Number)
	iv, _ := hs.e.CaseByNumber(i.Number)
	if pv.Card != "yellow" || iv.Card != "red" {
		t.Errorf("Tuesday cards: promised %q, instant %q", pv.Card, iv.Card)
	}
	hs.clock.Set(monday10.AddDate(0, 0, 3)) // Thu: overdue
	hs.e.Tick()
	pv, _ = hs.e.CaseByNumber(p.Number)
	if pv.Card != "red" || *pv.Remaining >= 0 {
		t.Errorf("Thursday: %q remaining %d", pv.Card, *pv.Remaining)
	}
	evs, _ := hs.e.ReadEvents(seq, 100)
	cards := 0
	for _, ev := range evs {
		if ev.Type == EvCaseCard {
			cards++
		}
	}
	if cards != 3 { // yellow and red on Tuesday, red on Thursday
		t.Errorf("%d card events, want 3", cards)
	}
	// Finishing clears the warning and counts as late.
	hs.e.UpdateCase("w1", p.Number, CaseUpdate{State: CaseDone})
	b, _ := hs.e.Cases(CaseFilter{})
	if b.OnTimeRateMonth == nil || *b.OnTimeRateMonth != 0 || b.CompletedToday != 1 {
		t.Errorf("board summary %+v", b)
	}
}

func TestFinishAcceptedCreatesLinkedCase(t *testing.T) {
	hs := newHarness(t)
	a := hs.login(4)
	tk := hs.issue("a")
	hs.callNext(4)
	hs.e.Start(a)
	v, err := hs.e.FinishAccepted(a, CaseRequest{Applicant: Applicant{Name: "周九", IDNumber: "11010519491231002X"}, Type: CasePromised, PromisedDays: 10})
	if err != nil {
		t.Fatal(err)
	}
	if v.Window != 4 || v.Service != "a" || v.Applicant != "周*" {
		t.Errorf("case %+v", v)
	}
	if tv, _ := hs.e.Ticket(tk.ID); tv.State != Done || tv.Outcome != OutcomeAccepted {
		t.Errorf("ticket %+v", tv)
	}
	evs, _ := hs.e.ReadEvents(0, 100)
	for _, ev := range evs {
		if containsAny(string(ev.Data), "周九", "19491231") {
			t.Errorf("event %s leaks the applicant: %s", ev.Type, ev.Data)
		}
	}
	hs.reopen()
	k, err := hs.e.CaseByNumber(v.Number)
	if err != nil || k.Due != v.Due {
		t.Errorf("after restart: %+v %v", k, err)
	}
}

func TestLoadHolidaysMakesProvisionalFinal(t *testing.T) {
	hs := newHarness(t)
	hs.clock.Set(time.Date(2026, 12, 28, 10, 0, 0, 0, monday10.Location()))
	v := mustCase(t, hs, CaseRequest{Service: "a", Applicant: Applicant{Name: "吴十"}, Type: CasePromised, PromisedDays: 10})
	if !v.Provisional {
		t.Fatalf("a deadline into 2027 without its table is provisional: %+v", v)
	}
	if st := hs.e.Holidays(); !st.MissingNext {
		t.Errorf("December without next year's table: %+v", st)
	}
	table, err := os.ReadFile("workday/holidays/2026.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hs.e.LoadHolidays([]byte("{}")); code(err) != "bad_holiday_table" {
		t.Errorf("empty table: %v", err)
	}
	if y, err := hs.e.LoadHolidays(table); err != nil || y != 2026 {
		t.Fatalf("reload 2026: %d %v", y, err)
	}
	hs.reopen() // the loaded table is kept in the database
	if got, _ := hs.e.CaseByNumber(v.Number); !got.Provisional {
		t.Errorf("still provisional expected (2027 not loaded): %+v", got)
	}
}

func TestMasking(t *testing.T) {
	for in, want := range map[string]string{"张三": "张*", "张三丰": "张*丰", "欧阳修远": "欧**远", "李": "*", "": ""} {
		if got := MaskName(in); got != want {
			t.Errorf("MaskName(%q) = %q, want %q", in, got, want)
		}
	}
	if got := MaskPhone("13812341234"); got != "*******1234" {
		t.Errorf("MaskPhone = %s", got)
	}
}

func TestAPITokens(t *testing.T) {
	hs := newHarness(t)
	clerk := hs.login(4).Token
	sup, _, _ := hs.e.Login(LoginRequest{Staff: "boss", PIN: "1234"})
	if _, err := hs.e.IssueAPIToken(sup, "approval"); code(err) != "not_allowed" {
		t.Errorf("a supervisor issued a token: %v", err)
	}
	admin, _, err := hs.e.Login(LoginRequest{Staff: "root", PIN: "1234"})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := hs.e.IssueAPIToken(admin, "approval")
	if err != nil {
		t.Fatal(err)
	}
	if who, err := hs.e.CaseActor(tok); err != nil || who != "api:approval" {
		t.Errorf("CaseActor: %q %v", who, err)
	}
	if _, err := hs.e.CaseActor(clerk); code(err) != "not_allowed" {
		t.Errorf("a clerk may change cases: %v", err)
	}
	hs.reopen()
	if names, _ := hs.e.APITokens(admin); len(names) != 1 || names[0] != "approval" {
		t.Errorf("tokens after restart: %v", names)
	}
	if err := hs.e.RevokeAPIToken(admin, "approval"); err != nil {
		t.Fatal(err)
	}
	if _, err := hs.e.CaseActor(tok); code(err) != "session_invalid" {
		t.Errorf("revoked token: %v", err)
	}
}

// TestCaseEvaluationAtCollection: the 办结 node of a case is rated once,
// after the applicant collected the result; a 差评 there opens a follow-up.
func TestCaseEvaluationAtCollection(t *testing.T) {
	hs := newHarness(t)
	v := mustCase(t, hs, CaseRequest{Service: "a", Window: 4, Applicant: Applicant{Name: "郑十一"}, Type: CasePromised, PromisedDays: 3})
	req := EvaluateRequest{Level: 2, Channel: "keypad", Tags: []string{"效率不高"}}
	if _, err := hs.e.EvaluateCase(v.Number, req); code(err) != "not_collected" {
		t.Errorf("before collection: %v", err)
	}
	for _, s := range []CaseState{CaseProcessing, CaseDone, CaseAwaiting, CasePickedUp} {
		if _, err := hs.e.UpdateCase("w4", v.Number, CaseUpdate{State: s}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := hs.e.EvaluateCase(v.Number, req)
	if err != nil || !got.Evaluated {
		t.Fatalf("at collection: %+v %v", got, err)
	}
	if _, err := hs.e.EvaluateCase(v.Number, req); code(err) != "already_evaluated" {
		t.Errorf("twice: %v", err)
	}
	sup, _, _ := hs.e.Login(LoginRequest{Staff: "boss", PIN: "1234"})
	if fs, _ := hs.e.FollowUps(sup); len(fs) != 1 || fs[0].Ticket != CaseNode(v.Number) {
		t.Errorf("follow-ups %+v", fs)
	}
	rows, _ := hs.e.Report("2026-11-23", "2026-11-23", ByHall)
	if c := rows[0].Counts; c.CaseRated != 1 || c.Levels[2] != 1 || *rows[0].GoodRate != 0 {
		t.Errorf("report %+v", rows[0])
	}
}

// TestCaseBoardRateBeforeAnyFinished: the board always carries
// on_time_rate_month, null while nothing has finished this month.
func TestCaseBoardRateBeforeAnyFinished(t *testing.T) {
	hs := newHarness(t)
	mustCase(t, hs, CaseRequest{Service: "a", Applicant: Applicant{Name: "张三丰"}, Type: CasePromised, PromisedDays: 5})
	b, err := hs.e.Cases(CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `"on_time_rate_month":null`) {
		t.Errorf("board %s, want on_time_rate_month null", out)
	}
}
