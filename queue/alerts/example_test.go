package alerts_test

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"halld/queue"
	"halld/queue/alerts"
	"halld/queue/hall"
)

// A monitor over the demo hall (open around the clock; windows 1 and 2
// watched for being left unstaffed 3 minutes): the first Check sees the
// windows empty, a Check 4 minutes later raises their alerts, and a
// supervisor acknowledges one.
func ExampleMonitor_Check() {
	dir, _ := os.MkdirTemp("", "alerts-example")
	defer os.RemoveAll(dir)
	at := time.Date(2025, 11, 20, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))
	now := func() time.Time { return at }
	e, err := queue.Open(filepath.Join(dir, "halld.db"), hall.Demo(), queue.Options{Now: now})
	if err != nil {
		panic(err)
	}
	defer e.Close()
	m, err := alerts.Open(e, nil)
	if err != nil {
		panic(err)
	}
	m.Check(now())
	at = at.Add(4 * time.Minute)
	r, _ := m.Check(now())
	for _, a := range m.Board(now()).Open {
		fmt.Println(a.ID, a.Rule, a.Detail)
	}
	tok, _, _ := e.Login(queue.LoginRequest{Staff: "admin", PIN: "1234"})
	a, _ := m.Ack(tok, r.Raised[0])
	fmt.Println(a.ID, "acknowledged by", a.AckedBy, "at", a.AckedAt.Format("15:04"))
	// Output:
	// 20251120-002 unstaffed 2号窗口（综合窗口）开放时间内无人上岗超过3分钟
	// 20251120-001 unstaffed 1号窗口（综合窗口）开放时间内无人上岗超过3分钟
	// 20251120-001 acknowledged by admin at 10:04
}
