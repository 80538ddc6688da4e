package complaints_test

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"halld/queue"
	"halld/queue/complaints"
	"halld/queue/hall"
)

// A complaint registered the day before 国庆 2026 is due to be taken up on
// the first working day after the holiday; it is investigated and
// concluded with a finding.
func Example() {
	dir, err := os.MkdirTemp("", "complaints-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	now := time.Date(2026, 9, 30, 15, 0, 0, 0, time.FixedZone("CST", 8*3600))
	e, err := queue.Open(filepath.Join(dir, "halld.db"), hall.Demo(), queue.Options{Now: func() time.Time { return now }})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer e.Close()
	desk, _ := complaints.New(e, complaints.Options{Now: func() time.Time { return now }})
	supervisor := queue.Session{Staff: "admin", Role: hall.RoleAdmin}

	c, err := desk.File(supervisor, complaints.Filing{Window: 3, Staff: "w3", Summary: "办理时态度生硬",
		Contact: complaints.Contact{Name: "张三丰", Phone: "13812348000"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.ID, c.StateName, c.Name, c.Phone, "受理期限", c.AcceptDue, "办结期限", c.ConcludeDue)

	desk.Advance(supervisor, c.ID, complaints.Step{State: complaints.Investigating, Note: "调取录像"})
	c, _ = desk.Advance(supervisor, c.ID, complaints.Step{State: complaints.Concluded, Finding: complaints.Substantiated, Note: "属实，已约谈"})
	fmt.Println(c.ID, c.StateName, c.FindingName, *c.OnTime)
	// Output:
	// TS20260930001 受理 张*丰 *******8000 受理期限 2026-10-08 办结期限 2026-10-27
	// TS20260930001 办结 属实 true
}
