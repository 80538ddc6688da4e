package audit_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"halld/queue"
	"halld/queue/audit"
	"halld/queue/hall"
)

// The trail of a window's morning: the login and the call come from the
// committed log; the terminal comes from the API's note of the request.
func Example() {
	dir, err := os.MkdirTemp("", "audit-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
	clock := func() time.Time { return now }
	e, err := queue.Open(filepath.Join(dir, "halld.db"), hall.Demo(), queue.Options{Now: clock})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer e.Close()
	trail := audit.New(e, nil, clock)

	tok, _, _ := e.Login(queue.LoginRequest{Staff: "w3", PIN: "1234", Window: 3})
	e.Issue(queue.IssueRequest{Service: "estate", Channel: "kiosk"})
	from := trail.Seq()
	e.CallNext(queue.Act{Token: tok, Window: 3})
	trail.Add(audit.Note{Staff: "w3", Role: "clerk", Action: "POST /api/v1/windows/{number}/{verb}", From: from, To: trail.Seq(),
		Origin: audit.Origin{Remote: "10.0.0.13:50312", Terminal: "window-3"}})
	trail.Flush()

	list, _, _ := trail.Entries("2026-11-23", "2026-11-23")
	for _, en := range list {
		fmt.Println(strings.TrimSpace(fmt.Sprintln(en.At.Format("15:04"), en.Actor, en.ActorName, en.What, en.Object, en.Terminal)))
	}
	// Output:
	// 09:00 w3 张伟 窗口登录 3号窗口
	// 09:00 w3 张伟 叫号 A001 window-3
}
