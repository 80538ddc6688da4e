package assess

import (
	"cmp"
	"fmt"
	"slices"
)

// consequences applies the rules that look back over several months: the
// 最不满意人员 (the most 差评 in a month) counted over the look-back, and
// "一次投诉，查实通报；二次投诉，查实下岗".
func (s *scorer) consequences(r *Report, byMonth map[string][]Fact) {
	staff := map[string]*UnitScore{}
	for i := range r.Staff {
		staff[r.Staff[i].ID] = &r.Staff[i]
	}
	times := map[string]int{}
	for i := range s.rules.LeastSatisfiedMonths {
		for _, id := range leastSatisfied(byMonth[addMonths(r.Month, -i)]) {
			times[id]++
		}
	}
	bad := map[string]int{}
	for _, f := range byMonth[r.Month] {
		if f.Kind == BadRating && f.Staff != "" {
			bad[f.Staff]++
		}
	}
	r.LeastSatisfied = []LeastSatisfied{}
	for _, id := range leastSatisfied(byMonth[r.Month]) {
		ls := LeastSatisfied{Staff: id, Name: id, BadRatings: bad[id], Times: times[id], Months: s.rules.LeastSatisfiedMonths,
			Flagged: times[id] >= s.rules.LeastSatisfiedTimes}
		if sc := staff[id]; sc != nil {
			ls.Name = sc.Name
			if ls.Flagged {
				sc.Flags = append(sc.Flags, Flag{Code: "least_satisfied", Message: fmt.Sprintf(
					"%d个月内第%d次为最不满意人员（满%d次退回原单位）", ls.Months, ls.Times, s.rules.LeastSatisfiedTimes)})
			}
		}
		r.LeastSatisfied = append(r.LeastSatisfied, ls)
	}
	for i := range r.Staff {
		sc := &r.Staff[i]
		var now, back []Fact
		for m := range s.rules.ComplaintMonths {
			for _, f := range byMonth[addMonths(r.Month, -m)] {
				if f.Kind == ComplaintUpheld && f.Staff == sc.ID {
					back = append(back, f)
					if m == 0 {
						now = append(now, f)
					}
				}
			}
		}
		switch {
		case len(now) > 0 && len(back) >= 2:
			sc.Flags = append(sc.Flags, Flag{Code: "complaint_dismissal", Sources: sources(back),
				Message: fmt.Sprintf("%d个月内投诉查实%d次：二次投诉，查实下岗", s.rules.ComplaintMonths, len(back))})
		case len(now) > 0:
			sc.Flags = append(sc.Flags, Flag{Code: "complaint_notice", Sources: sources(now),
				Message: "投诉查实：一次投诉，查实通报"})
		}
	}
}

// leastSatisfied returns the staff with the most 差评 in facts (at least
// one), all of them on a tie, by 工号.
func leastSatisfied(facts []Fact) []string {
	n := map[string]int{}
	top := 0
	for _, f := range facts {
		if f.Kind == BadRating && f.Staff != "" {
			n[f.Staff]++
			top = max(top, n[f.Staff])
		}
	}
	var out []string
	for id, c := range n {
		if c == top {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// period ranks the two months: the departments with ratings in them by
// their average (the best wins the 流动红旗; ties share it), and the staff
// with ratings and no upheld complaint (the first AdvancedStaff are
// 先进个人; ties go to more ratings, then the 工号).
func (s *scorer) period(months [2]string, deps, staff [2][]UnitScore, upheld map[string]bool) *Period {
	p := &Period{Months: months, RedFlag: []Standing{}, Advanced: []Standing{}}
	p.Ranking = standings(deps, nil)
	if len(p.Ranking) > 0 {
		best := p.Ranking[0].Average
		for _, st := range p.Ranking {
			if st.Average == best {
				p.RedFlag = append(p.RedFlag, st)
			}
		}
	}
	ranked := standings(staff, upheld)
	p.Advanced = ranked[:min(len(ranked), s.rules.AdvancedStaff)]
	return p
}

// standings averages each unit's two months (a month it does not appear
// in counts as nothing) and ranks those with ratings, leaving out skip.
func standings(months [2][]UnitScore, skip map[string]bool) []Standing {
	byID := map[string]*Standing{}
	var order []string
	for i, list := range months {
		for _, sc := range list {
			st := byID[sc.ID]
			if st == nil {
				st = &Standing{ID: sc.ID, Name: sc.Name}
				byID[sc.ID] = st
				order = append(order, sc.ID)
			}
			st.Scores[i] = sc.Total
			st.Ratings += sc.Ratings
		}
	}
	out := []Standing{}
	for _, id := range order {
		st := byID[id]
		if st.Ratings == 0 || skip[id] {
			continue
		}
		st.Average = round2((st.Scores[0] + st.Scores[1]) / 2)
		out = append(out, *st)
	}
	slices.SortStableFunc(out, func(a, b Standing) int {
		return cmp.Or(cmp.Compare(b.Average, a.Average), cmp.Compare(b.Ratings, a.Ratings), cmp.Compare(a.ID, b.ID))
	})
	return out
}
