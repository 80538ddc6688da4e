package equip

import (
	"context"
	"log/slog"
	"time"

	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/gpio/gpiotest"

	"halld/device/button"
	"halld/kiosk"
	"halld/queue"
)

// Issuer issues and prints a ticket for a kiosk; *kiosk.Kiosk is one.
type Issuer interface {
	IssueAndPrint(ctx context.Context, kioskID string, req queue.IssueRequest) (kiosk.Issued, error)
}

// dispenser is one configured button with its driver.
type dispenser struct {
	cfg Button
	sim *gpiotest.Pin // for "sim": /sim/ feeds edges here
}

// StartButtons runs the dispenser buttons, each line under supervise (a
// pin that cannot be opened or fails is reported offline and tried again);
// each press issues through is. It is separate from Start because the
// kiosks need Start's printers.
func (q *Equip) StartButtons(ctx context.Context, is Issuer) {
	for _, bc := range q.cfg.Buttons {
		if bc.Transport == Agent {
			continue // a board's: its agent drives it
		}
		d := &dispenser{cfg: bc}
		var simButton *button.Button
		var simErr error
		if bc.Transport == Sim {
			// Set up before StartButtons returns, so a press right after
			// it (/sim/, tests) finds the pin configured.
			d.sim = &gpiotest.Pin{N: bc.ID, EdgesChan: make(chan gpio.Level, 16)}
			simButton, simErr = button.New(d.sim, button.Config{ID: bc.ID}, q.log)
		}
		q.mu.Lock()
		q.buttons = append(q.buttons, d)
		q.mu.Unlock()
		go q.superviseLine(ctx, bc.ID, "button", "取号按键", func(ctx context.Context, up func()) error {
			var b *button.Button
			var err error
			if d.sim != nil {
				b, err = simButton, simErr
			} else {
				b, err = q.openButton(button.Config{ID: bc.ID, Pin: bc.Pin}, q.log)
			}
			if err != nil {
				return err
			}
			up()
			return b.Run(ctx, func(p button.Press) { q.press(ctx, is, d.cfg, p) })
		})
	}
}

// press issues the button's ticket. Nobody stands at a screen to read a
// refusal, so it is logged (a printer fault is already a device alert).
func (q *Equip) press(ctx context.Context, is Issuer, b Button, p button.Press) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	ans, err := is.IssueAndPrint(ctx, b.Kiosk, queue.IssueRequest{Service: b.Service, Channel: "button"})
	if q.afterPress != nil {
		q.afterPress(b, ans, err)
	}
	if err != nil {
		q.log.Warn("button press refused", "button", b.ID, "err", err)
		return
	}
	if ans.Ticket.ID == "" { // a satellite board: the press waits in its outbox for the hub
		q.log.Info("button press kept for the hub", "button", b.ID, slog.Time("pressed", p.At))
		return
	}
	q.log.Info("button ticket", "button", b.ID, "ticket", ans.Ticket.Number, "printed", ans.Printed, slog.Time("pressed", p.At))
}

// pressSim presses a simulated button: the real driver sees the edges.
func (q *Equip) pressSim(id string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, d := range q.buttons {
		if d.cfg.ID == id && d.sim != nil {
			d.sim.EdgesChan <- gpio.Low
			d.sim.EdgesChan <- gpio.High
			return true
		}
	}
	return false
}
