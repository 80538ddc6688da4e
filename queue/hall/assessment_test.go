package hall

import (
	"strings"
	"testing"
)

func TestAssessmentDefaultsAreTheSeeds(t *testing.T) {
	h, err := Parse([]byte(minimal), "t.toml")
	if err != nil {
		t.Fatal(err)
	}
	a := h.Assessment
	if a.Base != 100 || a.Cap != 110 || a.LeastSatisfiedTimes != 3 || a.LeastSatisfiedMonths != 12 ||
		a.PersonalLeaveDays != 3 || a.SickLeaveDays != 7 || a.AbsentHalfDays != 1 || a.AdvancedStaff != 3 {
		t.Errorf("defaults = %+v", a)
	}
	if len(a.Shares) != 2 || a.Shares[0].Unit != 2 || a.Shares[1].Unit != 1 {
		t.Errorf("shares = %+v (服务对象评议 好 +2, 较好 +1)", a.Shares)
	}
	if r := a.Rule("overdue_case_day"); r == nil || r.Unit != -2 {
		t.Errorf("overdue_case_day = %+v (每超一天每件次扣2分)", r)
	}
	if len(a.Rules) != len(AssessKinds) {
		t.Errorf("%d rules, want one per kind (%d)", len(a.Rules), len(AssessKinds))
	}
}

func TestAssessmentRuleReplacesOnlyItsKind(t *testing.T) {
	h, err := Parse([]byte(minimal+`
[assessment]
cap = 105
[[assessment.rule]]
kind = "late"
staff = -0.5
staff_max = 5
[[assessment.grade]]
name = "合格"
at_least = 60
[[assessment.grade]]
name = "不合格"
at_least = 0
`), "t.toml")
	if err != nil {
		t.Fatal(err)
	}
	a := h.Assessment
	if r := a.Rule("late"); r.Staff != -0.5 || r.StaffMax != 5 || r.Name != "迟到" {
		t.Errorf("late = %+v", r)
	}
	if r := a.Rule("bad_rating"); r.Unit != -1 {
		t.Errorf("bad_rating lost its default: %+v", r)
	}
	if a.Cap != 105 || a.Base != 100 || len(a.Grades) != 2 || a.Grades[0].Name != "合格" {
		t.Errorf("assessment = %+v", a)
	}
}

func TestAssessmentRefusals(t *testing.T) {
	for _, c := range []struct{ toml, want string }{
		{"[assessment]\ncolour = 1", "unknown field assessment.colour"},
		{"[assessment]\ncap = 90", "assessment.cap"},
		{"[assessment]\nbase = 0", "assessment.base"},
		{"[[assessment.rule]]\nkind = \"naps\"", `assessment.rule[0].kind: "naps"`},
		{"[[assessment.rule]]\nkind = \"late\"\n[[assessment.rule]]\nkind = \"late\"", "assessment.rule[1].kind"},
		{"[[assessment.rule]]\nkind = \"late\"\nstaff_max = -1", "assessment.rule[0]"},
		{"[[assessment.rule]]\nkind = \"late\"\nlimit = 3", "unknown field assessment.rule.limit"},
		{"[[assessment.share]]\nat_least = 1.5\nname = \"好\"", "assessment.share[0].at_least"},
		{"[[assessment.share]]\nat_least = 0.5\nname = \"好\"\n[[assessment.share]]\nat_least = 0.8\nname = \"较好\"", "assessment.share[1].at_least"},
		{"[[assessment.grade]]\nat_least = 1", "assessment.grade[0].name"},
		{"[assessment]\nleast_satisfied_times = 0", "assessment.least_satisfied_times"},
	} {
		_, err := Parse([]byte(minimal+c.toml), "t.toml")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: err = %v, want it to name %s", c.toml, err, c.want)
		}
	}
}
