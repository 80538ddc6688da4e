package audit

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"halld/queue"
	"halld/queue/complaints"
	"halld/queue/hall"
	"halld/queue/queuetest"
)

type hallWorld struct {
	t    *testing.T
	e    *queue.Engine
	tr   *Trail
	now  time.Time
	path string
}

func newHall(t *testing.T) *hallWorld {
	w := &hallWorld{t: t, now: time.Date(2026, 11, 23, 9, 0, 0, 0, time.FixedZone("CST", 8*3600)),
		path: filepath.Join(t.TempDir(), "halld.db")}
	w.open()
	return w
}

func (w *hallWorld) open() {
	w.e = queuetest.OpenAt(w.t, w.path, hall.Demo(), queue.Options{Now: func() time.Time { return w.now }})
	w.tr = New(w.e, nil, func() time.Time { return w.now })
}

// act runs fn as a request would: noting its origin around it.
func (w *hallWorld) act(staff, action, terminal string, fn func()) {
	from := w.tr.Seq()
	fn()
	w.tr.Add(Note{At: w.now, Staff: staff, Action: action, From: from, To: w.tr.Seq(),
		Origin: Origin{Remote: "10.0.0.7:5123", Terminal: terminal, Agent: "Mozilla/5.0"}})
}

func (w *hallWorld) login(staff string, window int) string {
	w.t.Helper()
	tok, _, err := w.e.Login(queue.LoginRequest{Staff: staff, PIN: "1234", Window: window})
	if err != nil {
		w.t.Fatal(err)
	}
	return tok
}

func ok(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestTrailCoversLoginCallCancelComplaint(t *testing.T) {
	w := newHall(t)
	e := w.e
	var clerk, admin string
	w.act("w3", "POST /api/v1/login", "T-3", func() {
		clerk = w.login("w3", 3)
	})
	w.act("admin", "POST /api/v1/login", "office", func() {
		admin = w.login("admin", 0)
	})
	a, err := e.Issue(queue.IssueRequest{Service: "estate", Channel: "kiosk", IDNumber: "11010519491231002X"})
	ok(t, err)
	b, err := e.Issue(queue.IssueRequest{Service: "estate", Channel: "kiosk"})
	ok(t, err)
	w.now = w.now.Add(time.Minute)
	w.act("w3", "POST /api/v1/windows/{number}/{verb}", "T-3", func() {
		_, err := e.CallNext(queue.Act{Token: clerk, Window: 3})
		ok(t, err)
	})
	w.act("admin", "POST /api/v1/tickets/{id}/cancel", "office", func() {
		_, err := e.Cancel(admin, b.ID)
		ok(t, err)
	})
	desk, err := complaints.New(e, complaints.Options{})
	ok(t, err)
	w.act("admin", "POST /api/v1/complaints", "office", func() {
		_, err := desk.File(queue.Session{Staff: "admin", Role: "admin"}, complaints.Filing{Window: 3, Staff: "w3",
			Summary: "态度差", Contact: complaints.Contact{Name: "赵六", Phone: "13900001111"}})
		ok(t, err)
	})
	if err := w.tr.Flush(); err != nil {
		t.Fatal(err)
	}
	w.e.Close()
	w.open() // the notes are kept with the data

	list, truncated, err := w.tr.Entries("2026-11-23", "2026-11-23")
	if err != nil || truncated {
		t.Fatal(err, truncated)
	}
	var got []string
	for _, en := range list {
		got = append(got, strings.Join([]string{en.Actor, en.What, en.Object, en.Terminal}, "|"))
	}
	want := []string{
		"w3|窗口登录|3号窗口|T-3",
		"admin|登录||office",
		"w3|叫号|" + a.Number + "|T-3",
		"admin|取消号|" + b.Number + "|office",
		"admin|登记投诉|TS20261123001|office",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("trail:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if list[0].ActorName == "" || list[0].Role != "clerk" || list[0].Remote != "10.0.0.7:5123" || list[0].Window != 3 {
		t.Errorf("first entry %+v", list[0])
	}
	raw, _ := json.Marshal(list)
	for _, secret := range []string{"11010519491231002X", "1234", "赵六", "13900001111", "态度差"} {
		if strings.Contains(string(raw), secret) {
			t.Errorf("the trail holds personal data or free text %q", secret)
		}
	}

	// Other days are not in the range; a reversed range is refused.
	if l, _, _ := w.tr.Entries("2026-11-24", "2026-11-30"); len(l) != 0 {
		t.Errorf("next week holds %d entries", len(l))
	}
	if l, _, _ := w.tr.Entries("2026-11-01", "2026-11-22"); len(l) != 0 {
		t.Errorf("the week before holds %d entries", len(l))
	}
	if _, _, err := w.tr.Entries("2026-11-24", "2026-11-23"); err == nil {
		t.Error("reversed range accepted")
	}
}

// An action whose origin note was lost (a crash before Flush) is still in
// the trail: who, what and when come from the committed log.
func TestTrailWithoutNotes(t *testing.T) {
	w := newHall(t)
	tok := w.login("w5", 5)
	_, err := w.e.Pause(queue.Act{Token: tok, Window: 5}, "午休")
	ok(t, err)
	w.tr.Add(Note{At: w.now, Staff: "w5", Action: "lost"}) // never flushed
	w.e.Close()
	w.open()
	list, _, err := w.tr.Entries("2026-11-23", "2026-11-23")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].What != "窗口登录" || list[1].What != "暂停服务" || list[1].Actor != "w5" || list[1].Remote != "" {
		t.Fatalf("trail %+v", list)
	}
}

func TestFirstSeqOnSpansDays(t *testing.T) {
	w := newHall(t)
	for i := 0; i < 5; i++ {
		tok := w.login("w1", 1)
		if err := w.e.Logout(tok); err != nil {
			t.Fatal(err)
		}
		w.now = w.now.Add(24 * time.Hour)
	}
	for day, want := range map[string]int{"2026-11-23": 2, "2026-11-25": 2, "2026-11-27": 2, "2026-11-28": 0} {
		l, _, err := w.tr.Entries(day, day)
		if err != nil || len(l) != want {
			t.Errorf("%s: %d entries, want %d (%v)", day, len(l), want, err)
		}
	}
	if l, _, _ := w.tr.Entries("2026-11-24", "2026-11-26"); len(l) != 6 {
		t.Errorf("three days: %d entries", len(l))
	}
}

// A notice names only the role that set it ("admin"); the request's note
// says which admin, and a note of another role does not claim it.
func TestTrailNamesTheAdminOfANotice(t *testing.T) {
	w := newHall(t)
	for _, who := range []struct{ staff, role string }{{"w1", "clerk"}, {"chief", "admin"}} {
		from := w.tr.Seq()
		if _, err := w.e.SetNotice("今天下午停电检修"+who.staff, "admin"); err != nil {
			t.Fatal(err)
		}
		w.tr.Add(Note{Staff: who.staff, Role: who.role, Action: "PUT /api/v1/admin/notice", From: from, To: w.tr.Seq(),
			Origin: Origin{Remote: "10.0.0.9:1"}})
	}
	list, _, err := w.tr.Entries("2026-11-23", "2026-11-23")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, en := range list {
		got = append(got, en.Actor+" "+en.What+" "+en.Remote)
	}
	// The clerk's note does not claim the first notice, which keeps the
	// role; the note shows as its own line (after the events of its time).
	want := "admin 修改公告 |chief 修改公告 10.0.0.9:1|w1 修改公告 10.0.0.9:1"
	if strings.Join(got, "|") != want {
		t.Errorf("trail %q, want %q", strings.Join(got, "|"), want)
	}
}
