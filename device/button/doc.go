// Package button reads the push buttons of a ticket dispenser (one per
// service, chosen by the caller through Config.ID) from GPIO pins through
// periph.io/x/conn/v3 gpio.PinIn, and reports each deliberate press exactly
// once.
//
// Debounce is a lock-out written here, because periph's gpioutil.Debounce only
// applies its noise filter (its debounce argument is never read). A press is
// reported on the first active edge, then
//
//   - no further press is reported for Config.Lockout, whatever the pin does;
//   - a press needs a release first: a held button never repeats, and a
//     button already held when Run starts reports nothing until released;
//   - the release must stay quiet for Config.Settle, so the bounce of a
//     release after a long hold is not taken for a new press.
//
// Caveats:
//   - WaitForEdge is always called with the finite Config.Poll timeout in a
//     loop. With periph's default gpioioctl driver (host v3.8.5) a timeout of
//     -1 returns false at once (a busy loop) and 0 waits forever, while with
//     sysfs -1 waits forever: neither is portable, so they are never used. Run
//     notices a cancelled context within Poll.
//   - Both edges are requested, since releases matter. The sysfs driver
//     rejects internal pulls: set Config.Pull to "none" and fit a resistor.
//   - Open is the only code that touches the host (host.Init, gpioreg.ByName).
//     On Rockchip boards gpioreg only knows lines the device tree names; pins
//     from gpioioctl.Chips can be passed to New instead.
//   - Timestamps are taken when the edge is seen, not when it happened; with
//     gpioioctl the kernel queues edges, so a burst of bounces is read as
//     several quick edges and the lock-out absorbs them.
//
// Tests drive buttons with periph's gpiotest.Pin.
package button
