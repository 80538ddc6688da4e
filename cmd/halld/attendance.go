package main

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"halld/api"
	"halld/equip"
	"halld/queue"
	"halld/queue/attendance"
)

// sweepEvery is how often the attendance book closes finished days (it
// does nothing until a day is over).
const sweepEvery = time.Minute

// startAttendance opens the attendance book (考勤), serves its API, feeds
// it the card readers' swipes and closes finished days in the background
// until ctx ends.
func startAttendance(ctx context.Context, e *queue.Engine, srv *api.Server, eq *equip.Equip, log *slog.Logger) (*attendance.Book, error) {
	b, err := attendance.Open(e, attendance.Options{Logger: log})
	if err != nil {
		return nil, err
	}
	srv.WithAttendance(b)
	eq.StartCardReaders(ctx, func(card, device string) error {
		_, err := b.Punch(attendance.PunchRequest{Card: card, Device: device})
		return err
	})
	sweep := func() {
		n, err := b.Sweep()
		if err != nil && !errors.Is(err, queue.ErrUnavailable) && !errors.Is(err, queue.ErrClosed) {
			log.Warn("attendance: closing days", "err", err)
		}
		if n > 0 {
			log.Info("attendance: absences recorded", "slots", n)
		}
	}
	sweep()
	go func() {
		t := time.NewTicker(sweepEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				sweep()
			}
		}
	}()
	return b, nil
}
