package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"halld/hallnet"
)

// Errors of the store.
var (
	// ErrGap: a batch starts past the hall's cursor + 1; events are missing.
	ErrGap = errors.New("store: gap in a hall's events")
	// ErrUnknownHall: the hall is not registered (or the id is malformed).
	ErrUnknownHall = errors.New("store: hall not registered")
	// ErrHallExists: the hall is already registered.
	ErrHallExists = errors.New("store: hall already registered")
)

// CST is the halls' time zone: China Standard Time, UTC+8 all year.
var CST = time.FixedZone("CST", 8*60*60)

// Store is the centre's database.
type Store struct {
	pool *pgxpool.Pool
	log  *slog.Logger
}

// Open connects to PostgreSQL and applies the pending migrations.
func Open(ctx context.Context, dsn string, log *slog.Logger) (*Store, error) {
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	from, to, err := migrate(ctx, pool, LatestVersion())
	if err != nil {
		pool.Close()
		return nil, err
	}
	if from != to {
		log.Info("centre database migrated", "from", from, "to", to)
	}
	return &Store{pool: pool, log: log}, nil
}

// Close releases the connections.
func (s *Store) Close() { s.pool.Close() }

// Hall is a registered hall.
type Hall struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Region     string     `json:"region"`
	NKey       string     `json:"nkey"`
	Registered time.Time  `json:"registered"`
	Revoked    *time.Time `json:"revoked,omitempty"`
	Cursor     uint64     `json:"cursor"` // the last event held
}

// AddHall registers a hall with its credential's public key.
func (s *Store) AddHall(ctx context.Context, id, name, nkey string, now time.Time) error {
	if err := hallnet.ValidateHallID(id); err != nil {
		return err
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	tag, err := tx.Exec(ctx, `INSERT INTO halls (id, name, region, nkey, registered) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (id) DO NOTHING`, id, name, hallnet.Region(id), nkey, now)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("%w: %s", ErrHallExists, id)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO hall_cursor (hall) VALUES ($1)`, id); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// RevokeHall marks a hall revoked; its events stay.
func (s *Store) RevokeHall(ctx context.Context, id string, now time.Time) error {
	tag, err := s.pool.Exec(ctx, `UPDATE halls SET revoked = $2 WHERE id = $1 AND revoked IS NULL`, id, now)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("%w (or already revoked): %s", ErrUnknownHall, id)
	}
	return nil
}

// Halls lists every registered hall, revoked ones included, by id.
func (s *Store) Halls(ctx context.Context) ([]Hall, error) {
	rows, err := s.pool.Query(ctx, `SELECT h.id, h.name, h.region, h.nkey, h.registered, h.revoked, c.seq
		FROM halls h JOIN hall_cursor c ON c.hall = h.id ORDER BY h.id`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Hall, error) {
		var h Hall
		var seq int64
		err := r.Scan(&h.ID, &h.Name, &h.Region, &h.NKey, &h.Registered, &h.Revoked, &seq)
		h.Cursor = uint64(seq)
		return h, err
	})
}

// Cursor returns the last event held for a hall.
func (s *Store) Cursor(ctx context.Context, hall string) (uint64, error) {
	var seq int64
	err := s.pool.QueryRow(ctx, `SELECT seq FROM hall_cursor WHERE hall = $1`, hall).Scan(&seq)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, fmt.Errorf("%w: %s", ErrUnknownHall, hall)
	}
	return uint64(seq), err
}

// Pool exposes the connections to the centre's read side (figures).
func (s *Store) Pool() *pgxpool.Pool { return s.pool }
