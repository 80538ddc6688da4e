package equip

import (
	"context"
	"errors"
	"fmt"
	"time"

	"halld/device/caller"
)

// simCaller is a simulated caller as /sim/ draws it: its display, decoded
// from the display frames the host sent.
type simCaller struct {
	Caller
	Display string `json:"display"`
}

// simCallerKey is a key pressed on a simulated caller from /sim/.
type simCallerKey struct {
	Key    string `json:"key"`    // call, recall, evaluate, pause, transfer, confirm, rate
	Digits string `json:"digits"` // confirm: the digits typed before it
	Level  int    `json:"level"`  // rate: the evaluator's stars
}

var errNoSimCaller = errors.New("no such simulated caller")

var simCallerFuncs = map[string]byte{"call": caller.FuncCall, "recall": caller.FuncRecall, "evaluate": caller.FuncEvaluate,
	"pause": caller.FuncPause, "transfer": caller.FuncTransfer, "confirm": caller.FuncConfirm, "rate": caller.FuncRating}

func (q *Equip) simCallers() []simCaller {
	var out []simCaller
	for _, b := range q.callers {
		if b.sim == nil {
			continue
		}
		for _, c := range b.cfgs {
			out = append(out, simCaller{c, b.sim.Shown(byte(c.Address))})
		}
	}
	return out
}

// pressSimCaller sends k as the simulated caller id's frame and waits for
// the host's echo.
func (q *Equip) pressSimCaller(id string, k simCallerKey) error {
	fn, ok := simCallerFuncs[k.Key]
	if !ok {
		return fmt.Errorf("unknown key %q", k.Key)
	}
	for _, b := range q.callers {
		for _, c := range b.cfgs {
			if c.ID != id || b.sim == nil {
				continue
			}
			addr, data := byte(c.Address), []byte(nil)
			switch fn {
			case caller.FuncConfirm:
				if len(k.Digits) > 16 {
					return fmt.Errorf("at most 16 digits")
				}
				for _, r := range k.Digits {
					if r < '0' || r > '9' {
						return fmt.Errorf("digits only: %q", k.Digits)
					}
					data = append(data, byte(r-'0'))
				}
			case caller.FuncRating:
				if c.Evaluator == 0 || k.Level < 1 || k.Level > 5 {
					return fmt.Errorf("caller %s has no evaluator, or level %d is not 1…5", id, k.Level)
				}
				addr, data = byte(c.Evaluator), []byte{byte(k.Level)}
			}
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			return b.sim.Press(ctx, addr, fn, data...)
		}
	}
	return errNoSimCaller
}
