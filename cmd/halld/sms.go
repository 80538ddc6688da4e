package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"halld/device/smshook"
	"halld/equip"
	"halld/queue"
	"halld/queue/hall"
	"halld/queue/sms"
)

// loadSMS reads and checks the [sms] table (absent: SMS off).
func loadSMS(h *hall.Hall) (sms.Config, error) {
	var c sms.Config
	if err := h.DecodeTable("sms", &c); err != nil {
		return c, err
	}
	if err := c.Validate(); err != nil {
		return c, fmt.Errorf("hall file: %w", err)
	}
	return c, nil
}

// webhookSender is the SMS platform as the outbox's sender: an
// unreachable platform is unavailable (the message waits, no attempt).
type webhookSender struct{ h *smshook.Hook }

func (w webhookSender) Send(ctx context.Context, phone, text string) error {
	err := w.h.Send(ctx, phone, text)
	if errors.Is(err, smshook.ErrUnreachable) {
		return fmt.Errorf("%w: %v", sms.ErrUnavailable, err)
	}
	return err
}

// startSMS opens the outbox and, when SMS is on, sends through the
// platform ([sms.webhook]) or else the first modem, and derives the
// notices from the events. With neither, messages wait and the admin sees
// an offline "sms" device.
func startSMS(ctx context.Context, e *queue.Engine, c sms.Config, eq *equip.Equip, log *slog.Logger) (*sms.Outbox, error) {
	var s sms.Sender
	name := ""
	switch {
	case !c.Enabled:
	case c.Webhook != nil:
		s, name = webhookSender{smshook.New(c.Webhook.URL, c.Webhook.Secret, time.Duration(c.Webhook.TimeoutS)*time.Second)}, "webhook"
	case eq.SMSSender() != nil:
		s, name = eq.SMSSender(), "modem"
	}
	o, err := sms.Open(e, c, sms.Options{Logger: log, Sender: name})
	if err != nil {
		return nil, err
	}
	if !c.Enabled {
		return o, nil
	}
	if s == nil {
		log.Warn("sms: enabled but no [[devices.modem]] and no [sms.webhook]: messages wait")
		e.ReportDevice(queue.DeviceState{ID: "sms", Kind: "sms", State: queue.DeviceOffline,
			Detail: "已开通短信通知，但未配置短信猫或短信平台"})
	} else {
		go o.Run(ctx, s)
	}
	go func() {
		if err := o.Follow(ctx); err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, queue.ErrClosed) {
			log.Error("sms: notices stopped", "err", err)
		}
	}()
	return o, nil
}
