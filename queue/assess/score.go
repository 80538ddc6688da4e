package assess

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"halld/queue/hall"
)

// ErrMonth means a month is not of the form YYYY-MM.
var ErrMonth = errors.New("assess: bad month")

// ParseMonth parses YYYY-MM.
func ParseMonth(month string) (year int, m time.Month, err error) {
	t, err := time.Parse("2006-01", month)
	if err != nil || t.Year() < 2000 || t.Year() > 9999 {
		return 0, 0, fmt.Errorf("%w: %q (want YYYY-MM)", ErrMonth, month)
	}
	return t.Year(), t.Month(), nil
}

// addMonths returns the YYYY-MM n months after month (n may be negative).
func addMonths(month string, n int) string {
	y, m, _ := ParseMonth(month)
	return time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
}

// Score scores month by rules for everyone in roster. facts may hold
// other months' too: Score uses the month's for the scores, the pair's
// other month for 流动红旗 and 先进个人, and the look-back months for the
// 最不满意人员 and repeated complaint rules. The same arguments give the
// same Report.
func Score(month string, facts []Fact, rules hall.Assessment, roster Roster) (Report, error) {
	if _, _, err := ParseMonth(month); err != nil {
		return Report{}, err
	}
	loc := roster.Location
	if loc == nil {
		loc = time.UTC
	}
	byMonth := map[string][]Fact{}
	for _, f := range facts {
		k := f.At.In(loc).Format("2006-01")
		byMonth[k] = append(byMonth[k], f)
	}
	for _, fs := range byMonth {
		slices.SortStableFunc(fs, compareFacts)
	}
	s := scorer{rules: rules, roster: roster, kinds: map[string]*hall.AssessRule{}}
	for i := range rules.Rules {
		s.kinds[rules.Rules[i].Kind] = &rules.Rules[i]
	}
	r := Report{Month: month, Base: rules.Base, Cap: rules.Cap, Facts: len(byMonth[month])}
	r.Departments, r.Staff = s.month(byMonth[month])
	s.consequences(&r, byMonth)
	if _, m, _ := ParseMonth(month); m%2 == 0 {
		prev := addMonths(month, -1)
		pd, ps := s.month(byMonth[prev])
		upheld := map[string]bool{}
		for _, f := range append(slices.Clone(byMonth[prev]), byMonth[month]...) {
			if f.Kind == ComplaintUpheld && f.Staff != "" {
				upheld[f.Staff] = true
			}
		}
		r.Period = s.period([2]string{prev, month}, [2][]UnitScore{pd, r.Departments}, [2][]UnitScore{ps, r.Staff}, upheld)
	}
	return r, nil
}

// compareFacts orders facts by event, then by what they are, so that the
// order given does not matter.
func compareFacts(a, b Fact) int {
	return cmp.Or(cmp.Compare(a.Seq, b.Seq), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Department, b.Department),
		cmp.Compare(a.Staff, b.Staff), cmp.Compare(a.Ref, b.Ref), cmp.Compare(a.Window, b.Window),
		cmp.Compare(a.Qty, b.Qty), a.At.Compare(b.At))
}

type scorer struct {
	rules  hall.Assessment
	roster Roster
	kinds  map[string]*hall.AssessRule
}

// tally is one unit's or person's month while it is added up.
type tally struct {
	score  UnitScore
	items  map[string]*Item
	leave  map[string][]Fact // leave and absence facts, for the bonus rule
	staff  bool
	counts map[string]int
}

func (s *scorer) month(facts []Fact) (deps, staff []UnitScore) {
	var depOrder, staffOrder []string
	depT, staffT := map[string]*tally{}, map[string]*tally{}
	add := func(m map[string]*tally, order *[]string, id, name string, isStaff bool) *tally {
		t := m[id]
		if t == nil {
			t = &tally{score: UnitScore{ID: id, Name: name}, items: map[string]*Item{}, leave: map[string][]Fact{},
				staff: isStaff, counts: map[string]int{}}
			m[id] = t
			*order = append(*order, id)
		}
		return t
	}
	for _, d := range s.roster.Departments {
		add(depT, &depOrder, d, d, false)
	}
	for _, p := range s.roster.Staff {
		add(staffT, &staffOrder, p.ID, p.Name, true)
	}
	for _, f := range facts {
		rule := s.kinds[f.Kind]
		if rule == nil {
			continue // a kind this build does not know: counted nowhere
		}
		if f.Department != "" {
			s.count(add(depT, &depOrder, f.Department, f.Department, false), f, rule.Unit, rule.Name)
		}
		if f.Staff != "" {
			s.count(add(staffT, &staffOrder, f.Staff, f.Staff, true), f, rule.Staff, rule.Name)
		}
	}
	for _, id := range depOrder {
		deps = append(deps, s.finish(depT[id]))
	}
	for _, id := range staffOrder {
		staff = append(staff, s.finish(staffT[id]))
	}
	return deps, staff
}

func (s *scorer) count(t *tally, f Fact, points float64, name string) {
	t.counts[f.Kind]++
	switch f.Kind {
	case Rating:
		t.score.Ratings++
	case RatingVerySatisfied:
		t.score.VerySatisfied++
	case PersonalLeaveDay, SickLeaveDay, AbsentHalfDay, LeaveOverLimit, ComplaintUpheld:
		t.leave[f.Kind] = append(t.leave[f.Kind], f)
	}
	if points == 0 {
		return
	}
	it := t.items[f.Kind]
	if it == nil {
		it = &Item{Kind: f.Kind, Name: name}
		t.items[f.Kind] = it
	}
	src := Source{Seq: f.Seq, At: f.At, Ref: f.Ref, Window: f.Window, Qty: f.qty()}
	if t.staff {
		src.Department = f.Department
	} else {
		src.Staff = f.Staff
	}
	it.Count++
	it.Qty += f.qty()
	it.Points += points * f.qty()
	it.Sources = append(it.Sources, src)
}

// finish bounds the items, adds the share, and totals.
func (s *scorer) finish(t *tally) UnitScore {
	sc := t.score
	sc.Items, sc.Flags = []Item{}, []Flag{}
	for _, rule := range s.rules.Rules { // the kinds' order
		it := t.items[rule.Kind]
		if it == nil {
			continue
		}
		max := rule.UnitMax
		if t.staff {
			max = rule.StaffMax
		}
		if max > 0 && math.Abs(it.Points) > max {
			it.Points, it.Limited = math.Copysign(max, it.Points), true
		}
		it.Points, it.Qty = round2(it.Points), round2(it.Qty)
		sc.Items = append(sc.Items, *it)
	}
	if sc.Ratings > 0 {
		share := float64(sc.VerySatisfied) / float64(sc.Ratings)
		sc.Share = &share
		if it, ok := s.shareItem(sc, t.staff); ok {
			sc.Items = append(sc.Items, it)
		}
	}
	raw := s.rules.Base
	for _, it := range sc.Items {
		raw += it.Points
	}
	sc.Raw = round2(raw)
	sc.Total = min(max(sc.Raw, 0), s.rules.Cap)
	sc.Grade = s.grade(sc.Total)
	if t.staff {
		sc.Flags = append(sc.Flags, s.bonusFlags(t)...)
	}
	return sc
}

func (s *scorer) shareItem(sc UnitScore, staff bool) (Item, bool) {
	if sc.Ratings < s.rules.MinRatings {
		return Item{}, false
	}
	share := *sc.Share
	for _, row := range s.rules.Shares {
		// Compare whole ratings, not floats: 9 of 10 reaches 0.9.
		if float64(sc.VerySatisfied) < row.AtLeast*float64(sc.Ratings)-1e-9 {
			continue
		}
		p := row.Unit
		if staff {
			p = row.Staff
		}
		if p == 0 {
			return Item{}, false
		}
		return Item{Kind: "share", Name: "服务对象评议「" + row.Name + "」", Count: sc.Ratings, Qty: float64(sc.Ratings),
			Points: p, Sources: []Source{},
			Basis: fmt.Sprintf("非常满意 %d/%d（%.1f%%）≥ %.0f%%", sc.VerySatisfied, sc.Ratings, share*100, row.AtLeast*100)}, true
	}
	return Item{}, false
}

func (s *scorer) grade(total float64) string {
	for _, g := range s.rules.Grades {
		if total >= g.AtLeast {
			return g.Name
		}
	}
	return ""
}

// bonusFlags applies the leave limits (扣发当月考核奖).
func (s *scorer) bonusFlags(t *tally) []Flag {
	sum := func(kind string) float64 {
		n := 0.0
		for _, f := range t.leave[kind] {
			n += f.qty()
		}
		return n
	}
	r := s.rules
	var why []string
	var src []Fact
	if n := sum(PersonalLeaveDay); n > r.PersonalLeaveDays {
		why = append(why, fmt.Sprintf("事假%g天（超过%g天）", n, r.PersonalLeaveDays))
		src = append(src, t.leave[PersonalLeaveDay]...)
	}
	if n := sum(SickLeaveDay); n > r.SickLeaveDays {
		why = append(why, fmt.Sprintf("病假%g天（超过%g天）", n, r.SickLeaveDays))
		src = append(src, t.leave[SickLeaveDay]...)
	}
	if n := sum(AbsentHalfDay); r.AbsentHalfDays > 0 && n >= r.AbsentHalfDays {
		why = append(why, fmt.Sprintf("旷工%g个半天", n))
		src = append(src, t.leave[AbsentHalfDay]...)
	}
	if n := len(t.leave[LeaveOverLimit]); n > 0 {
		why = append(why, fmt.Sprintf("请假超限%d次", n))
		src = append(src, t.leave[LeaveOverLimit]...)
	}
	if len(why) == 0 {
		return nil
	}
	msg := "扣发当月考核奖："
	for i, w := range why {
		if i > 0 {
			msg += "；"
		}
		msg += w
	}
	return []Flag{{Code: "bonus_withheld", Message: msg, Sources: sources(src)}}
}

func sources(fs []Fact) []Source {
	out := make([]Source, 0, len(fs))
	for _, f := range fs {
		out = append(out, Source{Seq: f.Seq, At: f.At, Ref: f.Ref, Window: f.Window, Department: f.Department, Qty: f.qty()})
	}
	slices.SortFunc(out, func(a, b Source) int { return cmp.Compare(a.Seq, b.Seq) })
	return out
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }
