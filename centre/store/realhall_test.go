package store_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"halld/centre/store"
	"halld/hallnet"
	"halld/internal/pgtest"
	"halld/queue"
	"halld/queue/alerts"
	"halld/queue/booking"
	"halld/queue/complaints"
	"halld/queue/hall"
	"halld/uplink"
)

// idNumber completes a 17-digit body with its GB 11643 check character.
func idNumber(body string) string {
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(body[i]-'0') * w
	}
	return body + string("10X98765432"[sum%11])
}

// TestSupervisionFromARealHall drives the real alerts, complaints and
// booking domains of a demo hall engine, sends its log through the
// uplink's filter as the link publishes it, and checks the centre's
// roll-up: the centre reads what the halls' packages really write.
func TestSupervisionFromARealHall(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, store.CST) // a Monday
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	e, err := queue.Open(filepath.Join(t.TempDir(), "halld.db"), hall.Demo(), queue.Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()

	// 超时预警: windows 1 and 2 left unstaffed (the demo watches them),
	// one alert acknowledged.
	m, err := alerts.Open(e, nil)
	if err != nil {
		t.Fatal(err)
	}
	m.Check(clock())
	advance(4 * time.Minute)
	r, err := m.Check(clock())
	if err != nil || len(r.Raised) != 2 {
		t.Fatalf("alerts raised: %+v %v", r, err)
	}
	tok, _, err := e.Login(queue.LoginRequest{Staff: "admin", PIN: "1234"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Ack(tok, r.Raised[0]); err != nil {
		t.Fatal(err)
	}

	// 投诉: one concluded 属实, one still received.
	desk, err := complaints.New(e, complaints.Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	sup := queue.Session{Staff: "admin", Role: hall.RoleAdmin}
	c, err := desk.File(sup, complaints.Filing{Window: 3, Staff: "w3", Summary: "办理时态度生硬",
		Contact: complaints.Contact{Name: "张三丰", Phone: "13812348000"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := desk.Advance(sup, c.ID, complaints.Step{State: complaints.Investigating}); err != nil {
		t.Fatal(err)
	}
	if _, err := desk.Advance(sup, c.ID, complaints.Step{State: complaints.Concluded, Finding: complaints.Substantiated, Note: "属实，已约谈"}); err != nil {
		t.Fatal(err)
	}
	if _, err := desk.File(sup, complaints.Filing{Window: 1, Summary: "等候时间过长"}); err != nil {
		t.Fatal(err)
	}

	// 预约: one checked in, one not come by the window's end (no-show).
	b, err := booking.Open(e, booking.Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	k1, err := b.Make(booking.Request{Service: "estate", Date: "2026-11-23", Start: "10:30", IDNumber: idNumber("11010519491231002"), Channel: "portal"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Make(booking.Request{Service: "estate", Date: "2026-11-23", Start: "11:00", IDNumber: idNumber("11010519800101123"), Channel: "phone"}); err != nil {
		t.Fatal(err)
	}
	advance(20 * time.Minute) // 10:24
	if _, err := b.CheckIn(booking.CheckInRequest{Code: k1.Code}, nil); err != nil {
		t.Fatal(err)
	}
	advance(time.Hour) // 11:24: the 11:00 slot's check-in is over
	if n, err := b.Check(); err != nil || n != 1 {
		t.Fatalf("no-shows marked: %d %v", n, err)
	}

	// The log as the link publishes it, into the centre.
	evs, err := e.ReadEvents(0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	f := uplink.Filter{Reasons: e.Hall().Policy.PauseReasons}
	batch := hallnet.Batch{First: evs[0].Seq, Last: evs[len(evs)-1].Seq}
	for _, ev := range evs {
		line, err := f.Event(ev)
		if err != nil {
			t.Fatal(err)
		}
		batch.Events = append(batch.Events, line)
	}
	pg := pgtest.Start(t)
	ctx := context.Background()
	s := open(t, pg.DSN)
	const id = "330106001000-01"
	if err := s.AddHall(ctx, id, "演示大厅", "UKEY", time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Ingest(ctx, id, batch); err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	got, err := s.SupervisionFigures(ctx, day, day, day)
	if err != nil || len(got) != 1 {
		t.Fatalf("%+v %v", got, err)
	}
	g := got[0]
	if g.OpenAlerts != 2 || len(g.AlertDays) != 1 ||
		g.AlertDays[0] != (store.AlertCount{Day: "2026-11-23", Rule: alerts.RuleUnstaffed, Raised: 2, Acked: 1, Open: 2}) {
		t.Errorf("alerts: open %d, days %+v", g.OpenAlerts, g.AlertDays)
	}
	if g.Complaints != (store.ComplaintCount{Open: 1, Filed: 2, Concluded: 1, Upheld: 1}) {
		t.Errorf("complaints: %+v", g.Complaints)
	}
	if g.Bookings != (store.BookingCount{Booked: 2, CheckedIn: 1, NoShows: 1}) {
		t.Errorf("bookings: %+v", g.Bookings)
	}
}
