package assess

import "time"

// Roster is who is scored: every department and staff member of the hall
// scores, with or without facts (a unit with none keeps the base).
type Roster struct {
	Location    *time.Location // the hall's zone: which month a fact falls in
	Departments []string
	Staff       []Person
}

// Person is a staff member as the report names them: 工号 and name.
type Person struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Report is one month's 考核.
type Report struct {
	Month       string      `json:"month"` // YYYY-MM
	Base        float64     `json:"base"`
	Cap         float64     `json:"cap"`
	Facts       int         `json:"facts"` // facts of the month counted
	Departments []UnitScore `json:"departments"`
	Staff       []UnitScore `json:"staff"`
	// LeastSatisfied are the month's 最不满意人员 (most 差评, at least one;
	// all of them on a tie).
	LeastSatisfied []LeastSatisfied `json:"least_satisfied"`
	// Period is the two-month 流动红旗 and 先进个人, with the second month
	// of each pair only.
	Period *Period `json:"period,omitempty"`
}

// UnitScore is the month's score of one unit (a department) or person.
type UnitScore struct {
	ID    string  `json:"id"`   // the department's name, or the 工号
	Name  string  `json:"name"` // the department's name, or the person's
	Total float64 `json:"total"`
	// Raw is base plus the items before the cap and the floor of 0.
	Raw           float64  `json:"raw"`
	Grade         string   `json:"grade"`
	Ratings       int      `json:"ratings"`
	VerySatisfied int      `json:"very_satisfied"`
	Share         *float64 `json:"share,omitempty"` // 非常满意 ÷ ratings; null without ratings
	Items         []Item   `json:"items"`
	Flags         []Flag   `json:"flags"`
}

// Item is one addition or deduction: a kind's facts and what they are
// worth after the kind's monthly bound.
type Item struct {
	Kind    string   `json:"kind"` // a fact kind, or "share" (服务对象评议)
	Name    string   `json:"name"`
	Count   int      `json:"count"` // facts
	Qty     float64  `json:"qty"`   // their quantities added
	Points  float64  `json:"points"`
	Limited bool     `json:"limited,omitempty"` // bounded by the kind's max (扣完为止)
	Basis   string   `json:"basis,omitempty"`   // how it was reckoned, for a share
	Sources []Source `json:"sources"`
}

// Source is the fact behind a point: the event and its reference.
type Source struct {
	Seq        uint64    `json:"seq"`
	At         time.Time `json:"at"`
	Ref        string    `json:"ref,omitempty"`
	Window     int       `json:"window,omitempty"`
	Staff      string    `json:"staff,omitempty"`      // on a department's item
	Department string    `json:"department,omitempty"` // on a person's item
	Qty        float64   `json:"qty"`
}

// Flag is a consequence the rules attach to a person's month, beside the
// score.
type Flag struct {
	Code    string   `json:"code"` // bonus_withheld, least_satisfied, complaint_notice, complaint_dismissal
	Message string   `json:"message"`
	Sources []Source `json:"sources,omitempty"`
}

// LeastSatisfied is one 最不满意人员 of the month.
type LeastSatisfied struct {
	Staff      string `json:"staff"`
	Name       string `json:"name"`
	BadRatings int    `json:"bad_ratings"`
	Times      int    `json:"times"`   // months they were it, in the look-back
	Months     int    `json:"months"`  // the look-back
	Flagged    bool   `json:"flagged"` // Times reached the rule's count
}

// Period is a two-month period's 流动红旗 and 先进个人.
type Period struct {
	Months   [2]string  `json:"months"`
	RedFlag  []Standing `json:"red_flag"` // the best department(s) by average; ties share it
	Advanced []Standing `json:"advanced"` // 先进个人
	Ranking  []Standing `json:"ranking"`  // every eligible department, best first
}

// Standing is a unit's or person's two months.
type Standing struct {
	ID      string     `json:"id"`
	Name    string     `json:"name"`
	Scores  [2]float64 `json:"scores"`
	Average float64    `json:"average"`
	Ratings int        `json:"ratings"`
}
