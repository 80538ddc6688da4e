package store_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"halld/centre/sampleday"
	"halld/centre/store"
	"halld/hallnet"
	"halld/internal/pgtest"
)

const hallA = "330106001000-01"

func open(t testing.TB, dsn string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), dsn, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func TestMigrateFromEmptyThenRefuseNewer(t *testing.T) {
	pg := pgtest.Start(t)
	ctx := context.Background()
	s := open(t, pg.DSN)
	s.Close()
	s = open(t, pg.DSN) // a second start applies nothing
	s.Close()
	c, err := pgx.Connect(ctx, pg.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var v int
	if err := c.QueryRow(ctx, `SELECT max(version) FROM schema_version`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	if v != store.LatestVersion() {
		t.Fatalf("schema version %d, want %d", v, store.LatestVersion())
	}
	if _, err := c.Exec(ctx, `INSERT INTO schema_version (version, name) VALUES ($1, 'from_the_future.sql')`, v+1); err != nil {
		t.Fatal(err)
	}
	_, err = store.Open(ctx, pg.DSN, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if !errors.Is(err, store.ErrNewerSchema) {
		t.Fatalf("open of a newer database: %v, want ErrNewerSchema", err)
	}
}

func TestIngestExactlyOnceAndGap(t *testing.T) {
	pg := pgtest.Start(t)
	ctx := context.Background()
	s := open(t, pg.DSN)
	if err := s.AddHall(ctx, hallA, "样例大厅", "UKEY", time.Now()); err != nil {
		t.Fatal(err)
	}
	bs := sampleday.Batches(append(sampleday.Events(), sampleday.Filler(16, 20)...), 4)
	// 35 events in batches of 4: 1-4, 5-8, …, 33-35.
	steps := []struct {
		batch   int
		wantIns int
		wantErr error
	}{
		{0, 4, nil},
		{0, 0, nil},          // redelivered
		{2, 0, store.ErrGap}, // 9-12 after 4: a gap
		{1, 4, nil},          // 5-8
		{2, 4, nil},          // 9-12
		{1, 0, nil},          // an old one again
	}
	for i, st := range steps {
		r, err := s.Ingest(ctx, hallA, bs[st.batch])
		if !errors.Is(err, st.wantErr) || (st.wantErr == nil && err != nil) {
			t.Fatalf("step %d: err %v, want %v", i, err, st.wantErr)
		}
		if r.Inserted != st.wantIns {
			t.Fatalf("step %d: inserted %d, want %d", i, r.Inserted, st.wantIns)
		}
	}
	// An overlapping batch (11-14): only 13 and 14 are new.
	evs := append(sampleday.Events(), sampleday.Filler(16, 20)...)
	r, err := s.Ingest(ctx, hallA, sampleday.Batches(evs[10:14], 4)[0])
	if err != nil || r.Inserted != 2 || r.Cursor != 14 {
		t.Fatalf("overlap: %+v %v, want 2 inserted, cursor 14", r, err)
	}
	for _, b := range sampleday.Batches(evs[14:], 4) {
		if _, err := s.Ingest(ctx, hallA, b); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Ingest(ctx, "330106001000-02", bs[0]); !errors.Is(err, store.ErrUnknownHall) {
		t.Fatalf("unknown hall: %v", err)
	}
	c, _ := pgx.Connect(ctx, pg.DSN)
	defer c.Close(ctx)
	var n, minSeq, maxSeq, tickets int
	c.QueryRow(ctx, `SELECT count(*), min(seq), max(seq) FROM events WHERE hall = $1`, hallA).Scan(&n, &minSeq, &maxSeq)
	c.QueryRow(ctx, `SELECT count(*) FROM tickets`).Scan(&tickets)
	if n != 35 || minSeq != 1 || maxSeq != 35 || tickets != 3 {
		t.Fatalf("events %d (%d-%d), tickets %d; want 35 (1-35), 3", n, minSeq, maxSeq, tickets)
	}
	if cur, _ := s.Cursor(ctx, hallA); cur != 35 {
		t.Fatalf("cursor %d, want 35", cur)
	}
}

func TestIngestRefusesAMalformedEvent(t *testing.T) {
	pg := pgtest.Start(t)
	ctx := context.Background()
	s := open(t, pg.DSN)
	s.AddHall(ctx, hallA, "样例大厅", "UKEY", time.Now())
	b := hallnet.Batch{First: 1, Last: 1, Events: [][]byte{[]byte(`{"seq":1,"type":"ticket.issued","at":"2026-12-01T09:00:00+08:00","data":{"ticket":{"id":5}}}`)}}
	if _, err := s.Ingest(ctx, hallA, b); !errors.Is(err, hallnet.ErrBatch) {
		t.Fatalf("malformed ticket: %v, want ErrBatch", err)
	}
	if cur, _ := s.Cursor(ctx, hallA); cur != 0 {
		t.Fatalf("cursor moved to %d on a refused batch", cur)
	}
}

// TestFiguresOfTheSampleDay checks the centre's figures against the ones
// worked out by hand in package sampleday's comment.
func TestFiguresOfTheSampleDay(t *testing.T) {
	pg := pgtest.Start(t)
	ctx := context.Background()
	s := open(t, pg.DSN)
	s.AddHall(ctx, hallA, "样例大厅", "UKEY", time.Now())
	evs := sampleday.Events()
	for _, b := range sampleday.Batches(evs, 5) {
		if _, err := s.Ingest(ctx, hallA, b); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Date(2026, 12, 1, 10, 30, 0, 0, store.CST)
	if _, err := s.PutLive(ctx, sampleday.Live(hallA, 15, now), now); err != nil {
		t.Fatal(err)
	}
	day, _ := time.Parse(time.DateOnly, sampleday.Day)
	type want struct {
		key                                              string
		issued, called, served, noShow, avgW, maxW, avgS int
		rated, active, good, bad                         int
	}
	cases := []struct {
		by   string
		want []want
	}{
		{store.ByHall, []want{{"", 3, 3, 2, 1, 800, 1200, 600, 2, 1, 1, 1}}},
		{store.ByDepartment, []want{
			{sampleday.DeptS1, 2, 2, 1, 1, 900, 1200, 600, 1, 1, 1, 0},
			{sampleday.DeptS2, 1, 1, 1, 0, 600, 600, 600, 1, 0, 0, 1}}},
		{store.ByWindow, []want{
			{"1", 2, 2, 1, 1, 900, 1200, 600, 1, 1, 1, 0},
			{"2", 1, 1, 1, 0, 600, 600, 600, 1, 0, 0, 1}}},
		{store.ByStaff, []want{
			{"w1", 2, 2, 1, 1, 900, 1200, 600, 1, 1, 1, 0},
			{"w2", 1, 1, 1, 0, 600, 600, 600, 1, 0, 0, 1}}},
	}
	for _, c := range cases {
		t.Run(c.by, func(t *testing.T) {
			got, err := s.Figures(ctx, day, day, c.by)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(c.want) {
				t.Fatalf("%d rows, want %d: %+v", len(got), len(c.want), got)
			}
			for i, w := range c.want {
				g := got[i]
				gw := want{g.Key, g.Issued, g.Called, g.Served, g.NoShow, g.AvgWaitS, g.MaxWaitS, g.AvgServiceS,
					g.Rated, g.Active, g.Good, g.Bad}
				if gw != w || g.Hall != hallA || g.HallName != "样例大厅" {
					t.Errorf("row %d:\n got %+v\nwant %+v", i, gw, w)
				}
			}
		})
	}
	if got, _ := s.Figures(ctx, day, day, store.ByHall); got[0].Channels["keypad"] != 2 || len(got[0].Channels) != 1 {
		t.Errorf("channels %v, want keypad 2", got[0].Channels)
	}
	// The next day holds nothing.
	if got, _ := s.Figures(ctx, day.AddDate(0, 0, 1), day.AddDate(0, 0, 1), store.ByHall); len(got) != 0 {
		t.Errorf("figures of the next day: %+v", got)
	}
	today, _ := time.Parse(time.DateOnly, sampleday.Today)
	fu, err := s.OverdueFollowUps(ctx, today)
	if err != nil || len(fu) != 1 || fu[0].Number != "B001" || fu[0].DaysLate != 1 || fu[0].Due != "2026-12-02" {
		t.Errorf("overdue follow-ups: %+v %v", fu, err)
	}
	cs, err := s.OverdueCases(ctx, today)
	if err != nil || len(cs) != 1 || cs[0].Number != "K1" || cs[0].DaysLate != 6 || cs[0].Department != sampleday.DeptS2 {
		t.Errorf("overdue cases: %+v %v", cs, err)
	}
	live, err := s.LiveHalls(ctx)
	if err != nil || len(live) != 1 || live[0].Live == nil || live[0].Live.Waiting != 4 || live[0].Cursor != 15 {
		t.Errorf("live halls: %+v %v", live, err)
	}
}
