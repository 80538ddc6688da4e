package assess_test

import (
	"fmt"
	"time"

	"halld/queue/assess"
	"halld/queue/hall"
)

// A unit's month: two 差评 and a case finished three working days late.
func ExampleScore() {
	loc := time.FixedZone("CST", 8*3600)
	at := time.Date(2026, 11, 3, 10, 0, 0, 0, loc)
	facts := []assess.Fact{
		{Seq: 101, At: at, Kind: assess.BadRating, Department: "税务局", Staff: "w8", Window: 9, Ref: "2026-11-03 F012"},
		{Seq: 140, At: at.Add(time.Hour), Kind: assess.BadRating, Department: "税务局", Staff: "w8", Window: 9, Ref: "2026-11-03 F031"},
		{Seq: 977, At: at.AddDate(0, 0, 9), Kind: assess.OverdueCaseDay, Department: "税务局", Window: 9, Ref: "202610200004", Qty: 3},
	}
	roster := assess.Roster{Location: loc, Departments: []string{"税务局"}, Staff: []assess.Person{{ID: "w8", Name: "黄强"}}}
	r, err := assess.Score("2026-11", facts, hall.DefaultAssessment(), roster)
	if err != nil {
		panic(err)
	}
	for _, sc := range append(r.Departments, r.Staff...) {
		fmt.Println(sc.Name, sc.Total, sc.Grade)
		for _, it := range sc.Items {
			fmt.Printf("  %s ×%d %+g:", it.Name, it.Count, it.Points)
			for _, s := range it.Sources {
				fmt.Printf(" #%d %s", s.Seq, s.Ref)
			}
			fmt.Println()
		}
	}
	// Output:
	// 税务局 92 称职
	//   差评 ×2 -2: #101 2026-11-03 F012 #140 2026-11-03 F031
	//   办件超期（天） ×1 -6: #977 202610200004
	// 黄强 98 优秀
	//   差评 ×2 -2: #101 2026-11-03 F012 #140 2026-11-03 F031
}
