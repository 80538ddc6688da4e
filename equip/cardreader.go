package equip

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"halld/device/cardreader"
	"halld/device/keypad/evdev"
	"halld/device/keypad/evdev/evdevsim"
	"halld/queue/hall"
)

// CardReader is a staff-card reader for 考勤 punches that types like a
// keyboard (see device/cardreader).
type CardReader struct {
	ID        string `toml:"id" json:"id"`
	Transport string `toml:"transport" json:"transport"` // evdev or sim
	Path      string `toml:"path" json:"-"`              // evdev: /dev/input/by-id/…-event-kbd
	Location  string `toml:"location" json:"location"`   // where it is (default "大厅入口")
}

// Puncher records a punch by card; the wiring passes the attendance
// book's. device is the reader's id.
type Puncher func(card, device string) error

// cardReader is one running reader.
type cardReader struct {
	cfg CardReader

	simMu sync.Mutex         // one swipe typed at a time
	sim   *evdevsim.Keyboard // for "sim": a USB reader's event bytes

	mu   sync.Mutex
	last string // the last swipe's outcome, for /sim/
}

func (c *Config) validateCardReaders(hub bool) error {
	if !hub && len(c.CardReaders) > 0 {
		return fmt.Errorf("%w: devices.card_reader: card readers plug into the hub (a board's agent does not drive them)", ErrConfig)
	}
	for i := range c.CardReaders {
		r := &c.CardReaders[i]
		f := fmt.Sprintf("devices.card_reader[%d]", i)
		if r.ID == "" {
			return fmt.Errorf("%w: %s.id: missing", ErrConfig, f)
		}
		for j := range i {
			if c.CardReaders[j].ID == r.ID {
				return fmt.Errorf("%w: %s.id: %q is used twice", ErrConfig, f, r.ID)
			}
		}
		switch r.Transport {
		case Sim:
		case "evdev":
			if r.Path == "" {
				return fmt.Errorf("%w: %s.path: missing (/dev/input/by-id/…-event-kbd)", ErrConfig, f)
			}
		default:
			return fmt.Errorf("%w: %s.transport: %q must be evdev or sim", ErrConfig, f, r.Transport)
		}
		if err := location(f, &r.Location, "大厅入口"); err != nil {
			return err
		}
	}
	return nil
}

// StartCardReaders runs every card reader under supervise: one that cannot
// be opened or fails is reported offline (staff then punch by PIN at a
// terminal) and tried again until it is back. Each swipe goes to punch.
func (q *Equip) StartCardReaders(ctx context.Context, punch Puncher) {
	for _, rc := range q.cfg.CardReaders {
		cr := &cardReader{cfg: rc}
		swipe := func(card string) {
			err := punch(card, rc.ID)
			outcome := "已打卡"
			if err != nil {
				outcome = err.Error()
				q.log.Info("card punch refused", "reader", rc.ID, "card", hall.MaskCard(card), "err", err)
			}
			cr.mu.Lock()
			cr.last = hall.MaskCard(card) + " " + outcome
			cr.mu.Unlock()
		}
		var open func() (func(context.Context) error, error)
		if rc.Transport == Sim {
			// The simulated reader is a USB keyboard: its swipes are
			// input_event records read by the real decoder.
			pr, pw := io.Pipe()
			cr.sim = &evdevsim.Keyboard{W: pw, Size: evdev.NativeEventSize}
			go func() { <-ctx.Done(); pr.CloseWithError(ctx.Err()) }()
			open = func() (func(context.Context) error, error) {
				return func(ctx context.Context) error {
					r, err := evdev.NewReader(pr, evdev.NativeEventSize)
					if err != nil {
						return err
					}
					err = cardreader.ReadCards(r, cardreader.Config{}, swipe, nil)
					if ctx.Err() != nil {
						return ctx.Err()
					}
					return err
				}, nil
			}
		} else {
			open = func() (func(context.Context) error, error) {
				d, err := cardreader.Open(cardreader.Config{Path: rc.Path}, q.log)
				if err != nil {
					return nil, err
				}
				return func(ctx context.Context) error {
					defer d.Close()
					return d.Run(ctx, swipe)
				}, nil
			}
		}
		q.mu.Lock()
		q.cardReaders = append(q.cardReaders, cr)
		q.mu.Unlock()
		go q.superviseLine(ctx, rc.ID, "card_reader", "考勤读卡器", func(ctx context.Context, up func()) error {
			run, err := open()
			if err != nil {
				return err
			}
			up()
			return run(ctx)
		})
	}
}

// errNoSimReader: /sim/ named no simulated card reader.
var errNoSimReader = errors.New("no such simulated card reader")

// swipeSim types card on a simulated reader, as the reader would.
func (q *Equip) swipeSim(id, card string) error {
	codes, ok := cardreader.KeyCodes(card)
	if !ok || len(card) == 0 || len(card) > 32 {
		return fmt.Errorf("card %q: 1…32 digits or hex letters", card)
	}
	q.mu.Lock()
	var cr *cardReader
	for _, r := range q.cardReaders {
		if r.cfg.ID == id && r.sim != nil {
			cr = r
		}
	}
	q.mu.Unlock()
	if cr == nil {
		return errNoSimReader
	}
	// Not cr.mu: the decoder settles the outcome under it while the last
	// key's bytes are still being written.
	cr.simMu.Lock()
	defer cr.simMu.Unlock()
	for _, c := range codes {
		if err := cr.sim.Tap(c); err != nil {
			return err
		}
	}
	return nil
}

// simCardReader is a simulated reader as /sim/ shows it.
type simCardReader struct {
	CardReader
	Last string `json:"last"` // the last swipe, masked, and its outcome
}

func (q *Equip) simCardReaders() []simCardReader {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []simCardReader
	for _, r := range q.cardReaders {
		if r.sim != nil {
			r.mu.Lock()
			out = append(out, simCardReader{r.cfg, r.last})
			r.mu.Unlock()
		}
	}
	return out
}
