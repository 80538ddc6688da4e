package store_test

import (
	"context"
	"testing"
	"time"

	"halld/centre/sampleday"
	"halld/internal/pgtest"
)

// BenchmarkIngestBusyDay stores a busy day's ticket events (issued, called,
// started, finished, rated) in batches of 500, as a hall publishes them
// after a cut: events/s into PostgreSQL, projections included.
func BenchmarkIngestBusyDay(b *testing.B) {
	pg := pgtest.Start(b)
	ctx := context.Background()
	s := open(b, pg.DSN)
	const n = 20000
	batches := sampleday.Batches(sampleday.Busy(n), 500)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		hall := "330106001000-" + string(rune('0'+(i/10)%10)) + string(rune('0'+i%10))
		s.AddHall(ctx, hall, "bench", "UKEY", time.Now())
		b.StartTimer()
		for _, bt := range batches {
			if _, err := s.Ingest(ctx, hall, bt); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "events/s")
}
