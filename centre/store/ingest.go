package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"halld/hallnet"
	"halld/queue"
)

// Result is what one Ingest did.
type Result struct {
	Inserted int    // events new to the database
	Cursor   uint64 // the hall's cursor after the batch
}

// Ingest stores one batch of a hall's events in one transaction: the
// events past the cursor are inserted and projected, the cursor advanced.
// A batch wholly at or below the cursor is a duplicate and changes
// nothing; one starting past cursor+1 is refused with ErrGap.
func (s *Store) Ingest(ctx context.Context, hall string, b hallnet.Batch) (Result, error) {
	events, err := decodeEvents(hall, b)
	if err != nil {
		return Result{}, err
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return Result{}, err
	}
	defer tx.Rollback(ctx)
	var cur int64
	err = tx.QueryRow(ctx, `SELECT seq FROM hall_cursor WHERE hall = $1 FOR UPDATE`, hall).Scan(&cur)
	if err == pgx.ErrNoRows {
		return Result{}, fmt.Errorf("%w: %s", ErrUnknownHall, hall)
	}
	if err != nil {
		return Result{}, err
	}
	cursor := uint64(cur)
	if b.Last <= cursor {
		return Result{Cursor: cursor}, nil // a redelivery or a republished batch
	}
	if b.First > cursor+1 {
		return Result{Cursor: cursor}, fmt.Errorf("%w: %s holds events up to %d, the batch starts at %d",
			ErrGap, hall, cursor, b.First)
	}
	fresh := events[cursor+1-b.First:]
	// One statement for the batch's events (arrays unnested), not one each.
	seqs, types, ats, data := make([]int64, len(fresh)), make([]string, len(fresh)), make([]time.Time, len(fresh)), make([]string, len(fresh))
	for i, ev := range fresh {
		seqs[i], types[i], ats[i], data[i] = int64(ev.Seq), ev.Type, ev.At, string(ev.Data)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO events (hall, seq, type, at, data)
		SELECT $1, u.seq, u.type, u.at, u.data::jsonb
		FROM unnest($2::bigint[], $3::text[], $4::timestamptz[], $5::text[]) AS u(seq, type, at, data)
		ON CONFLICT (hall, seq) DO NOTHING`, hall, seqs, types, ats, data); err != nil {
		return Result{}, fmt.Errorf("store: insert %s events %d-%d: %w", hall, fresh[0].Seq, b.Last, err)
	}
	// The cursor, locked above, is the guard: every event past it is new,
	// so each is projected exactly once.
	var p projection
	for _, ev := range fresh {
		if err := p.project(hall, ev); err != nil {
			return Result{}, fmt.Errorf("%w: %s event %d: %v", hallnet.ErrBatch, hall, ev.Seq, err)
		}
	}
	p.flush(hall)
	pb := &p.b
	pb.Queue(`UPDATE hall_cursor SET seq = $2, updated = now() WHERE hall = $1`, hall, int64(b.Last))
	if err := tx.SendBatch(ctx, pb).Close(); err != nil {
		return Result{}, fmt.Errorf("store: project %s events %d-%d: %w", hall, fresh[0].Seq, b.Last, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return Result{}, err
	}
	return Result{Inserted: len(fresh), Cursor: b.Last}, nil
}

// decodeEvents parses a batch's lines as events numbered First..Last, each
// with a type, a time and a payload, before any database work (the
// payloads are read by project, inside the transaction).
func decodeEvents(hall string, b hallnet.Batch) ([]queue.Event, error) {
	events := make([]queue.Event, len(b.Events))
	for i, line := range b.Events {
		ev := &events[i]
		if err := json.Unmarshal(line, ev); err != nil {
			return nil, fmt.Errorf("%w: %s event %d: %v", hallnet.ErrBatch, hall, b.First+uint64(i), err)
		}
		if ev.Seq != b.First+uint64(i) || ev.Type == "" || ev.At.IsZero() || len(ev.Data) == 0 {
			return nil, fmt.Errorf("%w: %s line %d holds seq %d type %q at %v (want seq %d, a type, a time and data)",
				hallnet.ErrBatch, hall, i+1, ev.Seq, ev.Type, ev.At, b.First+uint64(i))
		}
	}
	return events, nil
}
