package button

import (
	"fmt"
	"log/slog"

	"periph.io/x/conn/v3/gpio/gpioreg"
	"periph.io/x/host/v3"
)

// Open initialises periph's host drivers (safe to repeat), looks cfg.Pin up
// in gpioreg and calls New. A pin the board does not have is an error
// wrapping ErrNoPin that names it; on a machine without GPIO every pin is
// missing, which callers treat as degraded mode.
//
// The default driver on current kernels is gpioioctl, whose WaitForEdge must
// get a finite timeout (Config.Poll); Run never passes -1 or 0.
func Open(cfg Config, log *slog.Logger) (*Button, error) {
	if cfg.Pin == "" {
		return nil, fmt.Errorf("%w: button %q: Pin: empty", ErrConfig, cfg.ID)
	}
	if _, err := host.Init(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrHost, err)
	}
	p := gpioreg.ByName(cfg.Pin)
	if p == nil {
		return nil, fmt.Errorf("%w: button %q: no GPIO named %q on this board", ErrNoPin, cfg.ID, cfg.Pin)
	}
	return New(p, cfg, log)
}
