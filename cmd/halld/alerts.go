package main

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"halld/api"
	"halld/queue"
	"halld/queue/alerts"
)

// alertEvery is how often the 超时预警 rules are evaluated: the precision
// of the paused and unstaffed durations.
const alertEvery = 5 * time.Second

// startAlerts loads the alerts, serves them on srv and evaluates the rules
// every period with now until ctx ends; the returned function waits for
// the last evaluation (call it before the engine closes).
func startAlerts(ctx context.Context, e *queue.Engine, srv *api.Server, log *slog.Logger, now func() time.Time, every time.Duration) (*alerts.Monitor, func(), error) {
	m, err := alerts.Open(e, log)
	if err != nil {
		return nil, nil, err
	}
	srv.WithAlerts(m)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				if _, err := m.Check(now()); err != nil && !errors.Is(err, queue.ErrUnavailable) && !errors.Is(err, queue.ErrClosed) {
					log.Warn("alerts", "err", err)
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	return m, func() { cancel(); <-done }, nil
}
