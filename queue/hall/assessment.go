package hall

import (
	"fmt"
	"slices"
)

// Assessment is the [assessment] table: the rules of the monthly 考核 of
// the window units (进驻部门) and their staff (package queue/assess scores
// by them). Every field has a default from the seed regulations (昆山
// 窗口单位和工作人员考核办法, 请假制度), so a hall file without the table
// scores by those; a [[assessment.rule]] replaces the default of its kind
// only, a [[assessment.share]] or [[assessment.grade]] list replaces the
// whole default list.
type Assessment struct {
	Base float64 `toml:"base"` // every unit and person starts the month here (100)
	Cap  float64 `toml:"cap"`  // no score above it (110); none below 0 (扣完为止)
	// Rules are the points per fact kind; see AssessKinds.
	Rules []AssessRule `toml:"rule"`
	// Shares add (or deduct) points by the month's share of 非常满意 among
	// the applicants' own ratings (服务对象评议): the first row, highest
	// at_least first, that the share reaches applies. Rows apply only with
	// at least MinRatings ratings in the month.
	Shares     []AssessShare `toml:"share"`
	MinRatings int           `toml:"min_ratings"` // default 10
	// Grades name a month's score: the first row, highest at_least first,
	// that the score reaches (优秀 / 称职 / 不称职).
	Grades []AssessGrade `toml:"grade"`
	// AdvancedStaff is how many 先进个人 a two-month period names (3).
	AdvancedStaff int `toml:"advanced_staff"`
	// A staff member who was the month's 最不满意人员 (most 差评) at least
	// LeastSatisfiedTimes times in the last LeastSatisfiedMonths months is
	// flagged (昆山: three times → returned to the department).
	LeastSatisfiedTimes  int `toml:"least_satisfied_times"`  // 3
	LeastSatisfiedMonths int `toml:"least_satisfied_months"` // 12
	// ComplaintMonths is the look-back of "一次投诉，查实通报；二次投诉，
	// 查实下岗": a second upheld complaint within it is flagged (12).
	ComplaintMonths int `toml:"complaint_months"`
	// The month's 考核奖 is withheld (扣发当月考核奖) for more than
	// PersonalLeaveDays of 事假, more than SickLeaveDays of 病假 or at least
	// AbsentHalfDays half-days of 旷工 in the month.
	PersonalLeaveDays float64 `toml:"personal_leave_days"` // 3
	SickLeaveDays     float64 `toml:"sick_leave_days"`     // 7
	AbsentHalfDays    float64 `toml:"absent_half_days"`    // 1

	rules map[string]*AssessRule
}

// AssessRule is what one fact of a kind is worth. Unit and Staff are the
// points per fact (times its quantity: days overdue, half-days absent)
// for the unit (the fact's department) and for the staff member; negative
// deducts. UnitMax and StaffMax bound what the kind moves a score in a
// month (扣完为止; 0: no bound).
type AssessRule struct {
	Kind     string  `toml:"kind"`
	Name     string  `toml:"name"` // the report's label; default the kind's Chinese name
	Unit     float64 `toml:"unit"`
	Staff    float64 `toml:"staff"`
	UnitMax  float64 `toml:"unit_max"`
	StaffMax float64 `toml:"staff_max"`
}

// AssessShare is one row of the 非常满意 share scale.
type AssessShare struct {
	AtLeast float64 `toml:"at_least"` // share 0…1
	Name    string  `toml:"name"`     // 好, 较好…
	Unit    float64 `toml:"unit"`
	Staff   float64 `toml:"staff"`
}

// AssessGrade is one grade and the lowest score that earns it.
type AssessGrade struct {
	Name    string  `toml:"name"`
	AtLeast float64 `toml:"at_least"`
}

// AssessKinds are the fact kinds the assessment knows (see package
// queue/assess for what each means), in report order, with their default
// rules: from the 昆山 考核办法 where it has one, else halld's choice
// (marked).
var AssessKinds = []AssessRule{
	{Kind: "bad_rating", Name: "差评", Unit: -1, UnitMax: 10, Staff: -1, StaffMax: 10}, // 对办理结果不满意 每件次扣1-3分
	{Kind: "complaint_upheld", Name: "投诉属实", Unit: -2, UnitMax: 15, Staff: -2, StaffMax: 20},
	{Kind: "overdue_case_day", Name: "办件超期（天）", Unit: -2, UnitMax: 15, Staff: -1, StaffMax: 20}, // 每超一天每件次扣2分
	{Kind: "overdue_followup", Name: "差评回访逾期", Unit: -1, UnitMax: 10, Staff: -1, StaffMax: 10},  // halld
	{Kind: "unacked_alert", Name: "预警未确认", Unit: -1, UnitMax: 10},                               // halld
	{Kind: "late", Name: "迟到", Staff: -1, StaffMax: 10},                                         // 迟到、早退每次扣1分
	{Kind: "early_leave", Name: "早退", Staff: -1, StaffMax: 10},
	{Kind: "absent_half_day", Name: "旷工（半天）", Unit: -1, UnitMax: 10, Staff: -2, StaffMax: 10}, // 脱岗每半天扣1分；旷工每半天扣2分
	{Kind: "personal_leave_day", Name: "事假（天）"},
	{Kind: "sick_leave_day", Name: "病假（天）"},
	{Kind: "leave_over_limit", Name: "请假超限"},
	{Kind: "praise", Name: "表扬", Unit: 1, UnitMax: 5, Staff: 1, StaffMax: 5}, // halld
	{Kind: "rating", Name: "评价"},
	{Kind: "rating_very_satisfied", Name: "非常满意"},
}

// Rule returns the rule of kind (nil for an unknown kind).
func (a *Assessment) Rule(kind string) *AssessRule { return a.rules[kind] }

// DefaultAssessment returns the rules a hall file without an [assessment]
// table gets: the seeds'.
func DefaultAssessment() Assessment {
	var a Assessment
	defaultAssessment(&a, func(...string) bool { return false })
	h := &Hall{Config: Config{Assessment: a}}
	if err := h.buildAssessment(); err != nil {
		panic(err) // the defaults are valid (TestAssessmentDefaultsAreTheSeeds)
	}
	return h.Assessment
}

func defaultAssessment(a *Assessment, defined func(key ...string) bool) {
	if !defined("assessment", "base") {
		a.Base = 100
	}
	if !defined("assessment", "cap") {
		a.Cap = 110
	}
	if !defined("assessment", "min_ratings") {
		a.MinRatings = 10
	}
	if !defined("assessment", "advanced_staff") {
		a.AdvancedStaff = 3
	}
	if !defined("assessment", "least_satisfied_times") {
		a.LeastSatisfiedTimes = 3
	}
	if !defined("assessment", "least_satisfied_months") {
		a.LeastSatisfiedMonths = 12
	}
	if !defined("assessment", "complaint_months") {
		a.ComplaintMonths = 12
	}
	if !defined("assessment", "personal_leave_days") {
		a.PersonalLeaveDays = 3
	}
	if !defined("assessment", "sick_leave_days") {
		a.SickLeaveDays = 7
	}
	if !defined("assessment", "absent_half_days") {
		a.AbsentHalfDays = 1
	}
	if !defined("assessment", "share") {
		// 服务对象评议：综合反映「好」加2分，「较好」加1分，「一般」不加分.
		a.Shares = []AssessShare{{AtLeast: 0.9, Name: "好", Unit: 2}, {AtLeast: 0.8, Name: "较好", Unit: 1}}
	}
	if !defined("assessment", "grade") {
		// The seeds name the grades, not their thresholds: halld's defaults.
		a.Grades = []AssessGrade{{Name: "优秀", AtLeast: 98}, {Name: "称职", AtLeast: 80}, {Name: "不称职", AtLeast: 0}}
	}
}

// buildAssessment validates the table (errors name the field) and merges
// the rules given with the defaults of the other kinds.
func (h *Hall) buildAssessment() error {
	a := &h.Assessment
	switch {
	case a.Base <= 0 || a.Base > 1000:
		return fmt.Errorf("assessment.base: %g is outside 0…1000", a.Base)
	case a.Cap < a.Base || a.Cap > 1000:
		return fmt.Errorf("assessment.cap: %g must be at least base (%g) and at most 1000", a.Cap, a.Base)
	case a.MinRatings < 0:
		return fmt.Errorf("assessment.min_ratings: %d is negative", a.MinRatings)
	case a.AdvancedStaff < 0 || a.AdvancedStaff > 100:
		return fmt.Errorf("assessment.advanced_staff: %d is outside 0…100", a.AdvancedStaff)
	case a.LeastSatisfiedTimes < 1 || a.LeastSatisfiedTimes > 12:
		return fmt.Errorf("assessment.least_satisfied_times: %d is outside 1…12", a.LeastSatisfiedTimes)
	case a.LeastSatisfiedMonths < 1 || a.LeastSatisfiedMonths > 24:
		return fmt.Errorf("assessment.least_satisfied_months: %d is outside 1…24", a.LeastSatisfiedMonths)
	case a.ComplaintMonths < 1 || a.ComplaintMonths > 24:
		return fmt.Errorf("assessment.complaint_months: %d is outside 1…24", a.ComplaintMonths)
	case a.PersonalLeaveDays < 0 || a.SickLeaveDays < 0 || a.AbsentHalfDays < 0:
		return fmt.Errorf("assessment.personal_leave_days, sick_leave_days, absent_half_days: must not be negative")
	}
	given := map[string]AssessRule{}
	for i, r := range a.Rules {
		f := fmt.Sprintf("assessment.rule[%d]", i)
		known := slices.IndexFunc(AssessKinds, func(k AssessRule) bool { return k.Kind == r.Kind }) >= 0
		switch {
		case !known:
			return fmt.Errorf("%s.kind: %q is not a known kind", f, r.Kind)
		case given[r.Kind].Kind != "":
			return fmt.Errorf("%s.kind: %q is given twice", f, r.Kind)
		case r.UnitMax < 0 || r.StaffMax < 0:
			return fmt.Errorf("%s: unit_max and staff_max must not be negative", f)
		case abs(r.Unit) > 100 || abs(r.Staff) > 100:
			return fmt.Errorf("%s: unit and staff must be within -100…100", f)
		}
		given[r.Kind] = r
	}
	a.Rules, a.rules = nil, map[string]*AssessRule{}
	for _, d := range AssessKinds {
		r, ok := given[d.Kind]
		if !ok {
			r = d
		}
		if r.Name == "" {
			r.Name = d.Name
		}
		a.Rules = append(a.Rules, r)
	}
	for i := range a.Rules {
		a.rules[a.Rules[i].Kind] = &a.Rules[i]
	}
	for i, s := range a.Shares {
		f := fmt.Sprintf("assessment.share[%d]", i)
		switch {
		case s.AtLeast < 0 || s.AtLeast > 1:
			return fmt.Errorf("%s.at_least: %g is outside 0…1 (a share)", f, s.AtLeast)
		case i > 0 && s.AtLeast >= a.Shares[i-1].AtLeast:
			return fmt.Errorf("%s.at_least: rows must go from the highest share down", f)
		case s.Name == "":
			return fmt.Errorf("%s.name: missing", f)
		}
	}
	if len(a.Grades) == 0 {
		return fmt.Errorf("assessment.grade: at least one grade is needed")
	}
	for i, g := range a.Grades {
		f := fmt.Sprintf("assessment.grade[%d]", i)
		switch {
		case g.Name == "":
			return fmt.Errorf("%s.name: missing", f)
		case i > 0 && g.AtLeast >= a.Grades[i-1].AtLeast:
			return fmt.Errorf("%s.at_least: grades must go from the highest score down", f)
		}
	}
	return nil
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
