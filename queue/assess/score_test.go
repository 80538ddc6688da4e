package assess

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"halld/queue/hall"
)

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

const (
	estate = "自然资源和规划局"
	social = "人力资源和社会保障局"
)

func testRoster() Roster {
	return Roster{Location: shanghai, Departments: []string{estate, social},
		Staff: []Person{{"w1", "王芳"}, {"w2", "李娜"}, {"w3", "张伟"}}}
}

// facts builds facts numbered from seq, stamped on day (of 2026-11 unless
// the day says otherwise) in the hall's zone.
type builder struct{ seq uint64 }

func (b *builder) add(day string, kind, dept, staff string, window int, ref string, qty float64) Fact {
	b.seq++
	at, err := time.ParseInLocation("2006-01-02 15:04", day+" 10:00", shanghai)
	if err != nil {
		panic(err)
	}
	return Fact{Seq: b.seq, At: at.Add(time.Duration(b.seq) * time.Second), Kind: kind, Department: dept,
		Staff: staff, Window: window, Ref: ref, Qty: qty}
}

// ratings adds n ratings of which vs are 非常满意 and bad are 差评.
func (b *builder) ratings(day, dept, staff string, window, n, vs, bad int) []Fact {
	var out []Fact
	for i := range n {
		r := b.add(day, Rating, dept, staff, window, "T"+itoa(int(b.seq)+1), 0)
		out = append(out, r)
		if i < vs {
			out = append(out, Fact{Seq: r.Seq, At: r.At, Kind: RatingVerySatisfied, Department: dept, Staff: staff, Window: window, Ref: r.Ref})
		} else if i < vs+bad {
			out = append(out, Fact{Seq: r.Seq, At: r.At, Kind: BadRating, Department: dept, Staff: staff, Window: window, Ref: r.Ref})
		}
	}
	return out
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

type wantItem struct {
	kind    string
	count   int
	points  float64
	limited bool
}

type wantScore struct {
	total float64
	grade string
	items []wantItem
	flags []string
}

func got(sc UnitScore) wantScore {
	w := wantScore{total: sc.Total, grade: sc.Grade}
	for _, it := range sc.Items {
		w.items = append(w.items, wantItem{it.Kind, it.Count, it.Points, it.Limited})
		if it.Kind != "share" && len(it.Sources) != it.Count {
			panic("an item without its sources")
		}
	}
	for _, f := range sc.Flags {
		w.flags = append(w.flags, f.Code)
	}
	return w
}

// TestNovemberByHand scores one month worked by hand, with the default
// (seed) rules: base 100, cap 110, min 10 ratings for a share.
func TestNovemberByHand(t *testing.T) {
	var b builder
	var facts []Fact
	// 自然资源和规划局, window 3, 张伟 (w3): 10 ratings, 9 非常满意, 1 差评.
	facts = append(facts, b.ratings("2026-11-03", estate, "w3", 3, 10, 9, 1)...)
	// Two cases finished late, 3 and 5 working days: 2 points a day each.
	facts = append(facts, b.add("2026-11-10", OverdueCaseDay, estate, "", 3, "202611030001", 3))
	facts = append(facts, b.add("2026-11-12", OverdueCaseDay, estate, "", 4, "202611040002", 5))
	// 张伟 late twice, absent half a day.
	facts = append(facts, b.add("2026-11-05", Late, "", "w3", 0, "", 0))
	facts = append(facts, b.add("2026-11-06", Late, "", "w3", 0, "", 0))
	facts = append(facts, b.add("2026-11-07", AbsentHalfDay, "", "w3", 0, "", 1))
	// 人力资源和社会保障局, window 5, 李娜 (w2): 12 ratings, 11 非常满意.
	facts = append(facts, b.ratings("2026-11-04", social, "w2", 5, 12, 11, 0)...)
	facts = append(facts, b.add("2026-11-08", Praise, social, "w2", 5, "BY-2026-07", 0))
	facts = append(facts, b.add("2026-11-09", UnackedAlert, social, "", 5, "A-17", 0))
	facts = append(facts, b.add("2026-11-20", ComplaintUpheld, social, "w2", 5, "TS-2026-031", 0))
	facts = append(facts, b.add("2026-11-16", PersonalLeaveDay, "", "w2", 0, "", 2))
	facts = append(facts, b.add("2026-11-23", PersonalLeaveDay, "", "w2", 0, "", 2))
	// A fact of October: not November's.
	facts = append(facts, b.add("2026-10-31", Late, "", "w1", 0, "", 0))

	r, err := Score("2026-11", facts, hall.DefaultAssessment(), testRoster())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]wantScore{
		// 100 − 1 (差评) − 15 (overdue 2×3 + 2×5 = 16, bounded at 15) + 2 (9/10 = 90% 非常满意: 好) = 86.
		estate: {86, "称职", []wantItem{{BadRating, 1, -1, false}, {OverdueCaseDay, 2, -15, true}, {"share", 10, 2, false}}, nil},
		// 100 − 2 (complaint) − 1 (alert) + 1 (praise) + 2 (11/12 = 91.7%: 好) = 100.
		social: {100, "优秀", []wantItem{{ComplaintUpheld, 1, -2, false}, {UnackedAlert, 1, -1, false}, {Praise, 1, 1, false}, {"share", 12, 2, false}}, nil},
		// 王芳: nothing in November (the October late does not count).
		"w1": {100, "优秀", nil, nil},
		// 李娜: 100 − 2 (complaint) + 1 (praise) = 99; 事假 2+2 = 4 days > 3:
		// bonus withheld; the complaint is notified (一次投诉，查实通报).
		"w2": {99, "优秀", []wantItem{{ComplaintUpheld, 1, -2, false}, {Praise, 1, 1, false}}, []string{"bonus_withheld", "complaint_notice"}},
		// 张伟: 100 − 1 (差评) − 2 (late ×2) − 2 (absent ½ day) = 95; 旷工
		// half a day withholds the bonus. Staff get no share points.
		"w3": {95, "称职", []wantItem{{BadRating, 1, -1, false}, {Late, 2, -2, false}, {AbsentHalfDay, 1, -2, false}}, []string{"bonus_withheld"}},
	}
	all := append(slices.Clone(r.Departments), r.Staff...)
	if len(all) != len(want) {
		t.Fatalf("%d units scored, want %d", len(all), len(want))
	}
	for _, sc := range all {
		if g := got(sc); !reflect.DeepEqual(g, want[sc.ID]) {
			t.Errorf("%s:\n got %+v\nwant %+v", sc.ID, g, want[sc.ID])
		}
	}
	if r.Facts != len(facts)-1 || r.Period != nil {
		t.Errorf("facts %d, period %v", r.Facts, r.Period)
	}
	if len(r.LeastSatisfied) != 1 || r.LeastSatisfied[0].Staff != "w3" || r.LeastSatisfied[0].Times != 1 || r.LeastSatisfied[0].Flagged {
		t.Errorf("least satisfied = %+v", r.LeastSatisfied)
	}
	// Every deduction names its event: the overdue cases' sources.
	it := r.Departments[0].Items[1]
	if it.Sources[0].Ref != "202611030001" || it.Sources[0].Qty != 3 || it.Sources[1].Ref != "202611040002" {
		t.Errorf("sources = %+v", it.Sources)
	}
	// Recomputing, with the facts in any order, gives the same report.
	shuffled := slices.Clone(facts)
	rand.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	again, _ := Score("2026-11", shuffled, hall.DefaultAssessment(), testRoster())
	a, _ := json.Marshal(r)
	c, _ := json.Marshal(again)
	if string(a) != string(c) {
		t.Error("the same facts in another order gave another report")
	}
}
