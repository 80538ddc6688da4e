package main

import (
	"context"
	"fmt"
	"log/slog"

	"halld/api"
	"halld/queue"
	"halld/queue/hall"
	"halld/uplink"
)

// loadCentre reads [centre]: nil without one (a lone hall).
func loadCentreLink(h *hall.Hall) (*uplink.Config, error) {
	if !h.Has("centre") {
		return nil, nil
	}
	var c uplink.Config
	if err := h.DecodeTable("centre", &c); err != nil {
		return nil, err
	}
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", hall.ErrInvalid, err)
	}
	return &c, nil
}

// startCentre runs the hall's link to its centre until ctx ends, and shows
// it among the devices (GET /api/v1/devices, /admin/) with its lag. The
// returned function stops the link and waits for it; call it before
// closing e. openAlerts counts the open 超时预警 for the live record.
func startCentreLink(ctx context.Context, cfg *uplink.Config, e *queue.Engine, srv *api.Server, log *slog.Logger, openAlerts func() int) (stop func(), err error) {
	if cfg == nil {
		return func() {}, nil
	}
	l, err := uplink.New(e, *cfg, uplink.Options{Logger: log, OpenAlerts: openAlerts})
	if err != nil {
		return nil, err
	}
	srv.AddLiveDevices(func() []api.LiveDevice {
		s := l.Status()
		return []api.LiveDevice{{DeviceState: s.Device(), Link: s}}
	})
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		l.Run(ctx)
	}()
	return func() { cancel(); <-done }, nil
}
