package attendance_test

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"halld/queue"
	"halld/queue/attendance"
	"halld/queue/hall"
)

// A card punch at 09:07 on a Wednesday is 7 minutes late (the test hall
// allows 5), and the month counts it with the event it came from.
func ExampleBook_Punch() {
	dir, _ := os.MkdirTemp("", "attendance-example")
	defer os.RemoveAll(dir)
	h, _ := hall.Parse([]byte(testHall), "hall.toml")
	now := at("2026-12-02 09:07")
	clock := func() time.Time { return now }
	e, err := queue.Open(filepath.Join(dir, "halld.db"), h, queue.Options{Now: clock})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer e.Close()
	b, _ := attendance.Open(e, attendance.Options{Now: clock})
	b.Sweep() // starts the book today

	p, err := b.Punch(attendance.PunchRequest{Card: "0001234567", Device: "reader-door"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Name, p.SlotName, p.SlotAt, p.Status, p.Minutes)

	sup := queue.Session{Staff: "boss", Role: hall.RoleSupervisor}
	m, _ := b.Month(sup, "w1", "2026-12")
	fmt.Println(m)
	fmt.Println(m.Items[0].Slot, m.Items[0].Status, m.Items[0].Seq == p.Seq)
	// Output:
	// 王芳 上午上班 09:00 late 7
	// w1 2026-12: 迟到1次 早退0次 缺勤0次（0天）
	// am_in late true
}
