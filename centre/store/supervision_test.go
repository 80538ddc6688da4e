package store

import (
	"context"
	"io"
	"log/slog"
	"reflect"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"halld/centre/sampleday"
	"halld/internal/pgtest"
	"halld/queue"
)

// TestSupervisionFiguresAndIdempotency ingests the sample day with its
// alerts, complaints and bookings (figures worked out by hand in
// sampleday.Supervision), checks the roll-up, then feeds every event again
// — as redelivered and overlapping batches, and straight through the
// projection as if the cursor guard had failed — and checks nothing moved.
func TestSupervisionFiguresAndIdempotency(t *testing.T) {
	pg := pgtest.Start(t)
	ctx := context.Background()
	s, err := Open(ctx, pg.DSN, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const hall, other = "330106001000-01", "330106002000-01"
	for _, h := range []string{hall, other} {
		if err := s.AddHall(ctx, h, "大厅"+h[len(h)-2:], "UKEY", time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	base := sampleday.Events()
	evs := append(base, sampleday.Supervision(uint64(len(base)+1))...)
	batches := sampleday.Batches(evs, 7)
	for _, b := range batches {
		if _, err := s.Ingest(ctx, hall, b); err != nil {
			t.Fatal(err)
		}
	}
	day, _ := time.Parse(time.DateOnly, sampleday.Day)
	today, _ := time.Parse(time.DateOnly, sampleday.Today)
	want := []Supervision{sampleSupervision(hall, "大厅01"), {Hall: other, HallName: "大厅01", AlertDays: []AlertCount{}}}
	check := func(what string) {
		t.Helper()
		got, err := s.SupervisionFigures(ctx, day, day, today)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s:\n got %+v\nwant %+v", what, got, want)
		}
	}
	check("after ingest")

	// Redelivered and overlapping batches are not projected again.
	for _, b := range batches {
		if r, err := s.Ingest(ctx, hall, b); err != nil || r.Inserted != 0 {
			t.Fatalf("redelivered %d-%d: %+v %v", b.First, b.Last, r, err)
		}
	}
	if r, err := s.Ingest(ctx, hall, sampleday.Batches(evs[len(evs)-10:], 10)[0]); err != nil || r.Inserted != 0 {
		t.Fatalf("overlap: %+v %v", r, err)
	}
	check("after redelivery")

	// The projection's statements themselves are idempotent: the same
	// events projected a second time change nothing.
	var p projection
	for _, ev := range evs {
		if err := p.project(hall, ev); err != nil {
			t.Fatal(err)
		}
	}
	p.flush(hall)
	if err := s.pool.SendBatch(ctx, &p.b).Close(); err != nil {
		t.Fatal(err)
	}
	check("after projecting every event twice")

	// The next day: the complaint still open and overdue, nothing raised
	// or booked; Q5 is the next day's booking.
	next := day.AddDate(0, 0, 1)
	got, err := s.SupervisionFigures(ctx, next, next, today)
	if err != nil {
		t.Fatal(err)
	}
	if g := got[0]; g.OpenAlerts != 2 || len(g.AlertDays) != 0 ||
		g.Complaints != (ComplaintCount{Open: 2, Overdue: 1}) || g.Bookings != (BookingCount{Booked: 1}) {
		t.Fatalf("the next day: %+v", g)
	}
	// Concluded the day before today: on the filed day nothing is overdue yet.
	got, _ = s.SupervisionFigures(ctx, day, day, day)
	if c := got[0].Complaints; c.Overdue != 0 || c.Open != 2 {
		t.Fatalf("complaints on the day itself: %+v", c)
	}
}

// sampleSupervision is sampleday.Supervision's roll-up on its day, read on
// sampleday.Today, worked out by hand (see its comment).
func sampleSupervision(hall, name string) Supervision {
	return Supervision{Hall: hall, HallName: name, OpenAlerts: 2,
		AlertDays: []AlertCount{
			{Day: sampleday.Day, Rule: "queue", Raised: 1, Acked: 0, Open: 0},
			{Day: sampleday.Day, Rule: "unstaffed", Raised: 1, Acked: 1, Open: 1},
			{Day: sampleday.Day, Rule: "wait", Raised: 2, Acked: 1, Open: 1},
		},
		Complaints: ComplaintCount{Open: 2, Overdue: 1, Filed: 3, Concluded: 1, Upheld: 1},
		Bookings:   BookingCount{Booked: 4, Cancelled: 1, CheckedIn: 1, NoShows: 2, Late: 1}}
}

// TestMigration003FillsFromStoredEvents stores the sample day's events in
// a database at version 2 (where alerts, complaints and bookings were kept
// in events only), then opens it with this binary: migration 003 projects
// them, so the roll-up is the same as if they had arrived after it.
func TestMigration003FillsFromStoredEvents(t *testing.T) {
	pg := pgtest.Start(t)
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, pg.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if _, to, err := migrate(ctx, pool, 2); err != nil || to != 2 {
		t.Fatalf("migrate to 2: %d %v", to, err)
	}
	const hall = "330106001000-01"
	base := sampleday.Events()
	evs := append(base, sampleday.Supervision(uint64(len(base)+1))...)
	// A broken payload stored back then is skipped, not fatal.
	evs = append(evs, queue.Event{Seq: uint64(len(evs) + 1), Type: "alert.raised", At: evs[len(evs)-1].At,
		Data: []byte(`{"id":5}`)})
	for _, q := range []string{
		`INSERT INTO halls (id, name, region, nkey, registered) VALUES ($1, '甲大厅', '330106001000', 'UKEY', now())`,
		`INSERT INTO hall_cursor (hall) VALUES ($1)`,
	} {
		if _, err := pool.Exec(ctx, q, hall); err != nil {
			t.Fatal(err)
		}
	}
	for _, ev := range evs {
		if _, err := pool.Exec(ctx, `INSERT INTO events (hall, seq, type, at, data) VALUES ($1, $2, $3, $4, $5::jsonb)`,
			hall, int64(ev.Seq), ev.Type, ev.At, string(ev.Data)); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Open(ctx, pg.DSN, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	day, _ := time.Parse(time.DateOnly, sampleday.Day)
	today, _ := time.Parse(time.DateOnly, sampleday.Today)
	got, err := s.SupervisionFigures(ctx, day, day, today)
	if err != nil {
		t.Fatal(err)
	}
	if want := []Supervision{sampleSupervision(hall, "甲大厅")}; !reflect.DeepEqual(got, want) {
		t.Fatalf("after migration 003:\n got %+v\nwant %+v", got, want)
	}
}
