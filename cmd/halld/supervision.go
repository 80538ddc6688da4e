package main

import (
	"log/slog"
	"time"

	"halld/api"
	"halld/queue"
	"halld/queue/audit"
	"halld/queue/complaints"
)

// auditFlushEvery is how often the API's origin notes are stored: what a
// crash can lose of the audit trail's terminals (never who did what).
const auditFlushEvery = 2 * time.Second

// startSupervision mounts the complaints register and the audit trail on
// srv; stop stores the last origin notes (call it before the engine closes).
func startSupervision(e *queue.Engine, srv *api.Server, log *slog.Logger) (stop func(), err error) {
	desk, err := complaints.New(e, complaints.Options{Logger: log})
	if err != nil {
		return nil, err
	}
	srv.WithComplaints(desk)
	trail := audit.New(e, log, nil)
	srv.WithAudit(trail)
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		trail.Run(done, auditFlushEvery)
	}()
	return func() { close(done); <-finished }, nil
}
