package main

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"halld/api"
	"halld/kiosk"
	"halld/queue"
	"halld/queue/booking"
)

// startBooking opens the appointments, mounts their API, the kiosk's
// check-in and the phone page, and marks no-shows every minute.
func startBooking(ctx context.Context, e *queue.Engine, srv *api.Server, k *kiosk.Kiosk, log *slog.Logger) error {
	b, err := booking.Open(e, booking.Options{Logger: log})
	if err != nil {
		return err
	}
	srv.WithBooking(b)
	k.RegisterBooking(srv.DeviceMux(), b)
	if !b.Enabled() {
		return nil
	}
	go func() {
		t := time.NewTicker(time.Minute)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if _, err := b.Check(); err != nil && !errors.Is(err, queue.ErrUnavailable) && !errors.Is(err, queue.ErrClosed) {
					log.Warn("booking no-shows", "err", err)
				}
			}
		}
	}()
	return nil
}
