package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"halld/hallnet"
)

// PutLive keeps a hall's latest live record and its services' departments,
// and reports whether it was kept: a record of a hall not registered, or
// older (by the hall's own time) than the one held, is not.
func (s *Store) PutLive(ctx context.Context, l hallnet.Live, received time.Time) (bool, error) {
	rec, err := json.Marshal(l)
	if err != nil {
		return false, err
	}
	tag, err := s.pool.Exec(ctx, `INSERT INTO hall_live (hall, record, at, received) SELECT $1, $2, $3, $4
		WHERE EXISTS (SELECT 1 FROM halls WHERE id = $1 AND revoked IS NULL)
		ON CONFLICT (hall) DO UPDATE SET record = EXCLUDED.record, at = EXCLUDED.at, received = EXCLUDED.received
		WHERE hall_live.at <= EXCLUDED.at`, l.Hall, rec, l.At, received)
	if err != nil || tag.RowsAffected() == 0 {
		return false, err
	}
	var b pgx.Batch
	for _, sv := range l.Services {
		b.Queue(`INSERT INTO services (hall, id, name, department) SELECT $1, $2, $3, $4
			WHERE EXISTS (SELECT 1 FROM halls WHERE id = $1)
			ON CONFLICT (hall, id) DO UPDATE SET name = EXCLUDED.name,
				department = CASE WHEN EXCLUDED.department = '' THEN services.department ELSE EXCLUDED.department END`,
			l.Hall, sv.ID, sv.Name, sv.Department)
	}
	if err := s.pool.SendBatch(ctx, &b).Close(); err != nil {
		return true, fmt.Errorf("store: services of %s: %w", l.Hall, err)
	}
	return true, nil
}

// LiveHall is one registered hall as the live page shows it.
type LiveHall struct {
	ID       string        `json:"id"`
	Name     string        `json:"name"`
	Revoked  bool          `json:"revoked,omitempty"`
	Cursor   uint64        `json:"cursor"`             // last event in the database
	Live     *hallnet.Live `json:"live,omitempty"`     // nil: never heard from
	Received *time.Time    `json:"received,omitempty"` // when the centre read it
}

// LiveHalls returns every hall with its last live record.
func (s *Store) LiveHalls(ctx context.Context) ([]LiveHall, error) {
	rows, err := s.pool.Query(ctx, `SELECT h.id, h.name, h.revoked IS NOT NULL, c.seq, l.record, l.received
		FROM halls h JOIN hall_cursor c ON c.hall = h.id LEFT JOIN hall_live l ON l.hall = h.id ORDER BY h.id`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (LiveHall, error) {
		var h LiveHall
		var seq int64
		var rec []byte
		if err := r.Scan(&h.ID, &h.Name, &h.Revoked, &seq, &rec, &h.Received); err != nil {
			return h, err
		}
		h.Cursor = uint64(seq)
		if rec != nil {
			h.Live = new(hallnet.Live)
			if err := json.Unmarshal(rec, h.Live); err != nil {
				return h, err
			}
		}
		return h, nil
	})
}
