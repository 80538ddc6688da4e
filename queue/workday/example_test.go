package workday_test

import (
	"fmt"
	"time"

	"halld/queue/workday"
)

func Example() {
	hall := time.FixedZone("CST", 8*3600) // or time.LoadLocation("Asia/Shanghai")
	cal := workday.New(hall)

	// A 承诺件 accepted on Friday 26 September 2025 with 5 working days:
	// Sunday 28 September is worked (调休), 1–8 October are 国庆/中秋.
	accepted := time.Date(2025, 9, 26, 10, 15, 0, 0, hall)
	due, provisional := cal.Deadline(accepted, 5, nil)
	fmt.Println("due", due, "provisional", provisional)

	// Missing materials: the clock stopped on 29 September and the materials
	// came on 9 October, so 29, 30 September and 9 October are added back.
	pause := workday.Interval{
		From: workday.Date{Year: 2025, Month: time.September, Day: 29},
		To:   workday.Date{Year: 2025, Month: time.October, Day: 9},
	}
	due, _ = cal.Deadline(accepted, 5, []workday.Interval{pause})
	fmt.Println("due after 补正", due)

	for _, day := range []int{9, 13, 14, 15} {
		today := workday.Date{Year: 2025, Month: time.October, Day: day}
		fmt.Println(today, cal.Remaining(today, due), cal.Card(today, due, workday.DefaultYellowWithin))
	}

	// No 2027 table yet: Mon–Fri less the holidays the law fixes by date
	// (1 January), and the answer says it is provisional.
	due, provisional = cal.DeadlineFrom(workday.Date{Year: 2026, Month: time.December, Day: 31}, 1, nil)
	fmt.Println("due", due, "provisional", provisional)
	// Output:
	// due 2025-10-10 provisional false
	// due after 补正 2025-10-14
	// 2025-10-09 4 none
	// 2025-10-13 1 yellow
	// 2025-10-14 0 yellow
	// 2025-10-15 -1 red
	// due 2027-01-04 provisional true
}

func ExampleCalendar_Load() {
	cal := workday.New(time.FixedZone("CST", 8*3600))
	// What an admin uploads in November (here a made-up table).
	next := []byte(`{"year": 2027, "notice": "国务院办公厅关于2027年部分节假日安排的通知（示例）",
	 "days": [{"date": "2027-01-01", "name": "元旦", "off": true}]}`)
	year, err := cal.Load(next)
	fmt.Println(year, err, cal.Years())

	due, provisional := cal.DeadlineFrom(workday.Date{Year: 2026, Month: time.December, Day: 31}, 1, nil)
	fmt.Println("due", due, "provisional", provisional)

	_, err = cal.Load([]byte(`{"year": 2027, "notice": "x", "days": [{"date": "2027-01-01", "name": "元旦", "off": false}]}`))
	fmt.Println(err)
	// Output:
	// 2027 <nil> [2025 2026 2027]
	// due 2027-01-04 provisional false
	// workday: invalid holiday table: days[0] 2027-01-01: a working day (off: false) must be a Saturday or Sunday, this is a Friday
}
