package assess

import (
	"slices"
	"testing"

	"halld/queue/hall"
)

func rulesWith(change func(a *hall.Assessment)) hall.Assessment {
	a := hall.DefaultAssessment()
	if change != nil {
		change(&a)
	}
	return a
}

func setRule(a *hall.Assessment, kind string, f func(r *hall.AssessRule)) {
	for i := range a.Rules {
		if a.Rules[i].Kind == kind {
			f(&a.Rules[i])
		}
	}
}

func scoreOf(t *testing.T, r Report, id string) UnitScore {
	t.Helper()
	for _, sc := range append(slices.Clone(r.Departments), r.Staff...) {
		if sc.ID == id {
			return sc
		}
	}
	t.Fatalf("%s not in the report", id)
	return UnitScore{}
}

func TestTotalsAndBounds(t *testing.T) {
	cases := []struct {
		name  string
		rules func(a *hall.Assessment)
		facts func(b *builder) []Fact
		id    string
		total float64
		raw   float64
	}{
		{"cap: 100 + 3×10 praise stops at 110",
			func(a *hall.Assessment) { setRule(a, Praise, func(r *hall.AssessRule) { r.Unit, r.UnitMax = 10, 0 }) },
			func(b *builder) []Fact {
				return []Fact{b.add("2026-11-02", Praise, estate, "", 3, "", 0), b.add("2026-11-03", Praise, estate, "", 3, "", 0),
					b.add("2026-11-04", Praise, estate, "", 3, "", 0)}
			}, estate, 110, 130},
		{"floor: 60 upheld complaints at −2 unbounded stop at 0",
			func(a *hall.Assessment) { setRule(a, ComplaintUpheld, func(r *hall.AssessRule) { r.StaffMax = 0 }) },
			func(b *builder) []Fact {
				var fs []Fact
				for range 60 {
					fs = append(fs, b.add("2026-11-02", ComplaintUpheld, "", "w1", 0, "", 0))
				}
				return fs
			}, "w1", 0, -20},
		{"per-kind max: 12 late at −1 stop at −10 (扣完为止)", nil,
			func(b *builder) []Fact {
				var fs []Fact
				for range 12 {
					fs = append(fs, b.add("2026-11-02", Late, "", "w1", 0, "", 0))
				}
				return fs
			}, "w1", 90, 90},
		{"quantity: 2.5 overdue days at −2", nil,
			func(b *builder) []Fact { return []Fact{b.add("2026-11-02", OverdueCaseDay, estate, "", 3, "C1", 2.5)} },
			estate, 95, 95},
		{"a kind worth nothing for units: late", nil,
			func(b *builder) []Fact { return []Fact{b.add("2026-11-02", Late, estate, "w1", 0, "", 0)} },
			estate, 100, 100},
		{"an unknown kind counts nowhere", nil,
			func(b *builder) []Fact { return []Fact{b.add("2026-11-02", "nap", estate, "w1", 0, "", 0)} },
			estate, 100, 100},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b builder
			r, err := Score("2026-11", c.facts(&b), rulesWith(c.rules), testRoster())
			if err != nil {
				t.Fatal(err)
			}
			sc := scoreOf(t, r, c.id)
			if sc.Total != c.total || sc.Raw != c.raw {
				t.Errorf("total %v raw %v, want %v and %v (%+v)", sc.Total, sc.Raw, c.total, c.raw, sc.Items)
			}
		})
	}
}

func TestShares(t *testing.T) {
	cases := []struct {
		name            string
		n, vs           int
		rules           func(a *hall.Assessment)
		unit, staff     float64
		share           bool
		wantItemOnStaff bool
	}{
		{"9 of 10 is 90%: 好 +2", 10, 9, nil, 102, 100, true, false},
		{"8 of 10 is 80%: 较好 +1", 10, 8, nil, 101, 100, true, false},
		{"7 of 10: 一般, nothing", 10, 7, nil, 100, 100, true, false},
		{"9 of 9 but fewer than min_ratings: nothing", 9, 9, nil, 100, 100, true, false},
		{"none rated: no share", 0, 0, nil, 100, 100, false, false},
		{"a 较差 row deducts", 10, 2, func(a *hall.Assessment) {
			a.Shares = append(a.Shares, hall.AssessShare{AtLeast: 0.5, Name: "一般"}, hall.AssessShare{AtLeast: 0, Name: "较差", Unit: -2})
		}, 98, 100, true, false},
		{"staff points when the rules give them", 10, 10, func(a *hall.Assessment) { a.Shares[0].Staff = 1 }, 102, 101, true, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b builder
			r, err := Score("2026-11", b.ratings("2026-11-05", estate, "w3", 3, c.n, c.vs, 0), rulesWith(c.rules), testRoster())
			if err != nil {
				t.Fatal(err)
			}
			d, s := scoreOf(t, r, estate), scoreOf(t, r, "w3")
			if d.Total != c.unit || s.Total != c.staff || (d.Share != nil) != c.share || d.Ratings != c.n || d.VerySatisfied != c.vs {
				t.Errorf("unit %v staff %v share %v, want %v %v %v", d.Total, s.Total, d.Share, c.unit, c.staff, c.share)
			}
		})
	}
}

func TestGrades(t *testing.T) {
	for _, c := range []struct {
		deduct float64
		grade  string
	}{{0, "优秀"}, {2, "优秀"}, {2.5, "称职"}, {20, "称职"}, {20.5, "不称职"}, {100, "不称职"}} {
		var b builder
		rules := rulesWith(func(a *hall.Assessment) {
			setRule(a, OverdueCaseDay, func(r *hall.AssessRule) { r.Unit, r.UnitMax = -1, 0 })
		})
		var facts []Fact
		if c.deduct > 0 {
			facts = []Fact{b.add("2026-11-02", OverdueCaseDay, estate, "", 3, "C", c.deduct)}
		}
		r, _ := Score("2026-11", facts, rules, testRoster())
		if sc := scoreOf(t, r, estate); sc.Grade != c.grade {
			t.Errorf("score %v: grade %q, want %q", sc.Total, sc.Grade, c.grade)
		}
	}
}

func TestLeaveLimits(t *testing.T) {
	cases := []struct {
		name  string
		facts func(b *builder) []Fact
		flag  bool
	}{
		{"事假 3 days: allowed", func(b *builder) []Fact { return []Fact{b.add("2026-11-02", PersonalLeaveDay, "", "w1", 0, "", 3)} }, false},
		{"事假 3.5 days: over", func(b *builder) []Fact {
			return []Fact{b.add("2026-11-02", PersonalLeaveDay, "", "w1", 0, "", 3), b.add("2026-11-09", PersonalLeaveDay, "", "w1", 0, "", 0.5)}
		}, true},
		{"病假 7 days: allowed", func(b *builder) []Fact { return []Fact{b.add("2026-11-02", SickLeaveDay, "", "w1", 0, "", 7)} }, false},
		{"病假 8 days: over", func(b *builder) []Fact { return []Fact{b.add("2026-11-02", SickLeaveDay, "", "w1", 0, "", 8)} }, true},
		{"事假 3 and 病假 7 together: allowed", func(b *builder) []Fact {
			return []Fact{b.add("2026-11-02", SickLeaveDay, "", "w1", 0, "", 7), b.add("2026-11-20", PersonalLeaveDay, "", "w1", 0, "", 3)}
		}, false},
		{"旷工 half a day", func(b *builder) []Fact { return []Fact{b.add("2026-11-02", AbsentHalfDay, "", "w1", 0, "", 0)} }, true},
		{"leave judged over a limit elsewhere", func(b *builder) []Fact { return []Fact{b.add("2026-11-02", LeaveOverLimit, "", "w1", 0, "", 0)} }, true},
		{"leave of October", func(b *builder) []Fact { return []Fact{b.add("2026-10-02", SickLeaveDay, "", "w1", 0, "", 20)} }, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b builder
			facts := c.facts(&b)
			r, _ := Score("2026-11", facts, hall.DefaultAssessment(), testRoster())
			sc := scoreOf(t, r, "w1")
			has := len(sc.Flags) == 1 && sc.Flags[0].Code == "bonus_withheld"
			if has != c.flag || len(sc.Flags) > 1 {
				t.Fatalf("flags %+v, want withheld %v", sc.Flags, c.flag)
			}
			if has && len(sc.Flags[0].Sources) == 0 {
				t.Error("the flag names no facts")
			}
		})
	}
}

func TestLeastSatisfiedThreeTimes(t *testing.T) {
	cases := []struct {
		name    string
		months  []string // a month w3 has 2 差评 and w2 one
		tie     bool     // w2 has 2 as well in 2026-11
		times   int
		flagged bool
	}{
		{"once", []string{"2026-11"}, false, 1, false},
		{"twice", []string{"2026-06", "2026-11"}, false, 2, false},
		{"three times in 12 months", []string{"2025-12", "2026-06", "2026-11"}, false, 3, true},
		{"the first of three 12 months ago: out of the look-back", []string{"2025-11", "2026-06", "2026-11"}, false, 2, false},
		{"a tie makes both the month's", []string{"2026-01", "2026-02", "2026-11"}, true, 3, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b builder
			var facts []Fact
			for _, m := range c.months {
				facts = append(facts, b.ratings(m+"-10", estate, "w3", 3, 2, 0, 2)...)
				facts = append(facts, b.ratings(m+"-11", social, "w2", 5, 1, 0, 1)...)
			}
			if c.tie {
				facts = append(facts, b.ratings("2026-11-12", social, "w2", 5, 1, 0, 1)...)
			}
			r, _ := Score("2026-11", facts, hall.DefaultAssessment(), testRoster())
			var w3 *LeastSatisfied
			for i, ls := range r.LeastSatisfied {
				if ls.Staff == "w3" {
					w3 = &r.LeastSatisfied[i]
				}
			}
			if w3 == nil || w3.Times != c.times || w3.Flagged != c.flagged || w3.BadRatings != 2 || w3.Name != "张伟" {
				t.Fatalf("least satisfied = %+v", r.LeastSatisfied)
			}
			if c.tie != (len(r.LeastSatisfied) == 2) {
				t.Errorf("tie: %+v", r.LeastSatisfied)
			}
			flags := scoreOf(t, r, "w3").Flags
			if c.flagged != (len(flags) == 1 && flags[0].Code == "least_satisfied") {
				t.Errorf("w3 flags %+v", flags)
			}
		})
	}
}

func TestRepeatedComplaints(t *testing.T) {
	for _, c := range []struct {
		name   string
		months []string
		flag   string
	}{
		{"none", nil, ""},
		{"one this month: 查实通报", []string{"2026-11"}, "complaint_notice"},
		{"a second within 12 months: 查实下岗", []string{"2026-02", "2026-11"}, "complaint_dismissal"},
		{"the other 13 months ago", []string{"2025-10", "2026-11"}, "complaint_notice"},
		{"only earlier months: nothing this month", []string{"2026-02", "2026-09"}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			var b builder
			var facts []Fact
			for _, m := range c.months {
				facts = append(facts, b.add(m+"-05", ComplaintUpheld, social, "w2", 5, "TS-"+m, 0))
			}
			r, _ := Score("2026-11", facts, hall.DefaultAssessment(), testRoster())
			flags := scoreOf(t, r, "w2").Flags
			got := ""
			if len(flags) > 0 {
				got = flags[0].Code
			}
			if got != c.flag || len(flags) > 1 {
				t.Errorf("flags %+v, want %q", flags, c.flag)
			}
		})
	}
}

func TestRedFlagPairsMonths(t *testing.T) {
	// estate: November 100 − 4 = 96, December 100 → 98; social: 97 and
	// 99 → 98 as well (a tie), or 97 and 98 → 97.5 without the second
	// December deduction.
	cases := []struct {
		name    string
		month   string
		tie     bool
		period  bool
		red     []string
		months  [2]string
		advance []string
	}{
		{"the first month of a pair declares nothing", "2026-11", false, false, nil, [2]string{}, nil},
		{"December closes November–December", "2026-12", false, true, []string{estate}, [2]string{"2026-11", "2026-12"}, []string{"w3", "w2"}},
		{"a tie shares the flag", "2026-12", true, true, []string{estate, social}, [2]string{"2026-11", "2026-12"}, []string{"w3", "w2"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b builder
			var facts []Fact
			facts = append(facts, b.ratings("2026-11-02", estate, "w3", 3, 1, 1, 0)...)
			facts = append(facts, b.add("2026-11-03", OverdueCaseDay, estate, "", 3, "C1", 2))
			facts = append(facts, b.ratings("2026-12-02", estate, "w3", 3, 1, 1, 0)...)
			facts = append(facts, b.ratings("2026-11-02", social, "w2", 5, 1, 1, 0)...)
			facts = append(facts, b.add("2026-11-04", UnackedAlert, social, "", 5, "A1", 3))
			facts = append(facts, b.add("2026-12-04", UnackedAlert, social, "", 5, "A2", 1))
			if !c.tie {
				facts = append(facts, b.add("2026-12-05", UnackedAlert, social, "", 5, "A3", 1))
			}
			r, err := Score(c.month, facts, hall.DefaultAssessment(), testRoster())
			if err != nil {
				t.Fatal(err)
			}
			if (r.Period != nil) != c.period {
				t.Fatalf("period = %+v", r.Period)
			}
			if r.Period == nil {
				return
			}
			var red, adv []string
			for _, s := range r.Period.RedFlag {
				red = append(red, s.ID)
			}
			for _, s := range r.Period.Advanced {
				adv = append(adv, s.ID)
			}
			if !slices.Equal(red, c.red) || r.Period.Months != c.months || !slices.Equal(adv, c.advance) {
				t.Errorf("red %v months %v advanced %v; ranking %+v", red, r.Period.Months, adv, r.Period.Ranking)
			}
		})
	}
}

func TestAdvancedStaffLeavesOutUpheldComplaints(t *testing.T) {
	var b builder
	var facts []Fact
	facts = append(facts, b.ratings("2026-01-05", estate, "w1", 1, 3, 3, 0)...)
	facts = append(facts, b.ratings("2026-02-05", estate, "w2", 2, 2, 2, 0)...)
	facts = append(facts, b.add("2026-02-06", Praise, estate, "w2", 2, "BY-1", 0))
	facts = append(facts, b.add("2026-01-20", ComplaintUpheld, estate, "w2", 2, "TS-1", 0))
	facts = append(facts, b.ratings("2026-02-05", estate, "w3", 3, 1, 0, 0)...)
	// Even with complaints worth no points for staff.
	r, _ := Score("2026-02", facts, rulesWith(func(a *hall.Assessment) {
		a.AdvancedStaff = 2
		setRule(a, ComplaintUpheld, func(r *hall.AssessRule) { r.Staff = 0 })
	}), testRoster())
	var adv []string
	for _, s := range r.Period.Advanced {
		adv = append(adv, s.ID)
	}
	// w2 would lead (a praise) but had a complaint upheld in January; w1
	// and w3 both average 100: w1 (3 ratings) before w3 (1).
	if !slices.Equal(adv, []string{"w1", "w3"}) {
		t.Errorf("先进个人 = %v (%+v)", adv, r.Period.Advanced)
	}
}

func TestScoreRefusesABadMonth(t *testing.T) {
	for _, m := range []string{"", "2026-13", "2026-1", "november", "1999-01"} {
		if _, err := Score(m, nil, hall.DefaultAssessment(), testRoster()); err == nil {
			t.Errorf("%q accepted", m)
		}
	}
}
