package equip

import "fmt"

// validateCallers checks the callers and fills their defaults: one
// address per line, one caller per window, the line's baud agreed.
func (c *Config) validateCallers(seen func(id, field string) error, hasWindow func(int) bool, hasService func(string) bool) error {
	addrs := map[string]string{} // line:address → field
	bauds := map[string]int{}
	windows := map[int]string{}
	for i := range c.Callers {
		cl := &c.Callers[i]
		f := fmt.Sprintf("devices.caller[%d]", i)
		if err := seen(cl.ID, f); err != nil {
			return err
		}
		if !hasWindow(cl.Window) {
			return fmt.Errorf("%w: %s.window: %d is not a window of this hall", ErrConfig, f, cl.Window)
		}
		if prev, dup := windows[cl.Window]; dup {
			return fmt.Errorf("%w: %s.window: %d already has a caller (%s)", ErrConfig, f, cl.Window, prev)
		}
		windows[cl.Window] = f
		if err := transport(f, cl.Transport, cl.Path, "", false); err != nil {
			return err
		}
		if cl.Baud == 0 {
			cl.Baud = 9600
		}
		line := cl.Transport + ":" + cl.Path
		if b, ok := bauds[line]; ok && b != cl.Baud {
			return fmt.Errorf("%w: %s.baud: %d, but the line %q runs at %d", ErrConfig, f, cl.Baud, cl.Path, b)
		}
		bauds[line] = cl.Baud
		for _, a := range []struct {
			name string
			v    int
			none bool
		}{{"address", cl.Address, false}, {"evaluator", cl.Evaluator, true}} {
			if a.none && a.v == 0 {
				continue
			}
			if a.v < 1 || a.v > 254 {
				return fmt.Errorf("%w: %s.%s: %d not in 1…254", ErrConfig, f, a.name, a.v)
			}
			key := fmt.Sprintf("%s:%d", line, a.v)
			if prev, dup := addrs[key]; dup {
				return fmt.Errorf("%w: %s.%s: %d is already used on this line by %s", ErrConfig, f, a.name, a.v, prev)
			}
			addrs[key] = f
		}
		if cl.TransferService != "" && !hasService(cl.TransferService) {
			return fmt.Errorf("%w: %s.transfer_service: %q is not a service of this hall", ErrConfig, f, cl.TransferService)
		}
		if err := location(f, &cl.Location, windowPlace(cl.Window)); err != nil {
			return err
		}
	}
	// A keypad of transport "caller" hears only an evaluator a caller names.
	for i, k := range c.Keypads {
		if k.Transport != CallerKeys {
			continue
		}
		named := false
		for _, cl := range c.Callers {
			named = named || cl.Window == k.Window && cl.Evaluator != 0
		}
		if !named {
			return fmt.Errorf("%w: devices.keypad[%d].transport: \"caller\", but no [[devices.caller]] of window %d names an evaluator", ErrConfig, i, k.Window)
		}
	}
	return nil
}
