package pgtest_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"halld/internal/pgtest"
)

func TestStartAnswersQueries(t *testing.T) {
	s := pgtest.Start(t)
	ctx := context.Background()
	c, err := pgx.Connect(ctx, s.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var v string
	if err := c.QueryRow(ctx, "SHOW server_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	if v == "" || v[:2] != "15" {
		t.Errorf("server_version %q, want 15.x", v)
	}
}
