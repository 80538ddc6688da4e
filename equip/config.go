package equip

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"halld/queue/hall"
)

// ErrConfig is wrapped by every device-map error; messages name the key.
var ErrConfig = errors.New("equip: invalid device config")

// Config is the [devices] table.
type Config struct {
	LEDBuses []LEDBus  `toml:"led_bus"`
	Printers []Printer `toml:"printer"`
	Buttons  []Button  `toml:"button"`
	Speakers []Speaker `toml:"speaker"`
	Keypads  []Keypad  `toml:"keypad"`
	// CardReaders punch 考勤 by staff card (cardreader.go).
	CardReaders []CardReader `toml:"card_reader"`
	IDCards     []IDCard     `toml:"idcard"`
	Modems      []Modem      `toml:"modem"`  // GSM modems for SMS (see modem.go)
	Callers     []Caller     `toml:"caller"` // window callers, 呼叫器 (see caller.go)
}

// Keypad is a window's evaluation keypad (评价器): armed when the window
// finishes a service, it takes one press of five levels.
type Keypad struct {
	ID        string            `toml:"id" json:"id"`
	Window    int               `toml:"window" json:"window"`
	Transport string            `toml:"transport" json:"transport"` // evdev, serial, gpio, tablet or sim
	Path      string            `toml:"path" json:"-"`              // evdev: /dev/input/by-id/…-event-kbd; serial: the port
	Baud      int               `toml:"baud" json:"-"`              // serial (default 9600)
	Frame     *KeyFrame         `toml:"frame" json:"-"`             // serial: the keypad's frame format
	Pins      map[string]string `toml:"pins" json:"-"`              // gpio: level ("1"…"5") → pin name
	TimeoutS  int               `toml:"timeout_s" json:"-"`         // how long it waits for a press (default 60)
	Location  string            `toml:"location" json:"location"`   // where it is in the hall (default "N号窗口")
	// Board: transport "agent", on the hub: the keypad is wired to this
	// satellite board, which alone may deliver its presses.
	Board string `toml:"board" json:"-"`
}

// KeyFrame describes a serial keypad's key frame (vendors differ; see
// device/keypad/serialkey). Byte values are integers, e.g. header = [0xAA, 0x55].
type KeyFrame struct {
	Header       []int          `toml:"header"`
	Trailer      []int          `toml:"trailer"`
	Length       int            `toml:"length"`
	KeyOffset    int            `toml:"key_offset"`
	AddrOffset   int            `toml:"addr_offset"`
	Address      int            `toml:"address"`
	AnyAddress   bool           `toml:"any_address"`
	Checksum     string         `toml:"checksum"` // none, sum8, xor8, crc16modbus
	CheckFrom    int            `toml:"check_from"`
	CheckTo      int            `toml:"check_to"`
	CRCHighFirst bool           `toml:"crc_high_first"`
	Keys         map[string]int `toml:"keys"` // key code ("0x31" or "49") → level 1…5
	Poll         []int          `toml:"poll"`
	PollMS       int            `toml:"poll_ms"`
}

// Speaker plays call announcements on the board through ALSA (aplay), for
// halls whose sound comes from the board rather than the big screen.
type Speaker struct {
	ID      string   `toml:"id"`
	Device  string   `toml:"device"`  // ALSA device, e.g. plughw:CARD=Headphones; "" = default
	Volume  float64  `toml:"volume"`  // 1 = as recorded (default), up to 4
	Windows []int    `toml:"windows"` // announce calls of these windows only; empty = all
	Command []string `toml:"command"` // player argv; default aplay (see device/audio)
	Voice   string   `toml:"voice"`   // a directory of recorded clips; "" = the built-in pack
	// Location is where it is in the hall (default "N号窗口" for a
	// speaker of one window).
	Location string `toml:"location"`
}

// Button is a ticket dispenser button: a press issues a ticket for its
// service and prints it on its kiosk's printer.
type Button struct {
	ID        string `toml:"id" json:"id"`
	Service   string `toml:"service" json:"service"`
	Kiosk     string `toml:"kiosk" json:"kiosk"`         // whose printer prints the ticket
	Transport string `toml:"transport" json:"transport"` // gpio or sim
	Pin       string `toml:"pin" json:"pin,omitempty"`   // gpio: a periph name such as GPIO17
	Location  string `toml:"location" json:"location"`   // where it is in the hall (default "N号取号机")
	// Board: transport "agent", on the hub: the button is wired to this
	// satellite board, which alone may deliver its presses.
	Board string `toml:"board" json:"-"`
}

// Transports.
const (
	Serial = "serial"
	USB    = "usb"
	TCP    = "tcp"
	Sim    = "sim"
	Tablet = "tablet" // an evaluation pad page on a window tablet
	// CallerKeys: a keypad whose presses come from an evaluator on a
	// window caller's line ([[devices.caller]] evaluator).
	CallerKeys = "caller"
	// Agent: a hub's printer wired to a satellite board; the hub sends its
	// jobs through the board's agent (package agent), which holds the
	// printer's own entry.
	Agent = "agent"
)

// LEDBus is one RS-485 (or RS-232) line with its boards.
type LEDBus struct {
	ID        string     `toml:"id"`
	Transport string     `toml:"transport"` // serial or sim
	Path      string     `toml:"path"`      // e.g. /dev/halld/rs485-0
	Baud      int        `toml:"baud"`      // default 9600
	Boards    []LEDBoard `toml:"board"`
	Location  string     `toml:"location"` // where its adapter is, e.g. "弱电间"
}

// LEDBoard is one board on a bus: a window bar (window set) or a hall board.
type LEDBoard struct {
	Address  int    `toml:"address"`
	Protocol string `toml:"protocol"` // bx5k, strip, strip_hall, at
	Window   int    `toml:"window"`   // the window it belongs to; 0 = a hall board
	Rows     int    `toml:"rows"`     // hall boards: how many calls (default 2)
	Location string `toml:"location"` // where it hangs (default "N号窗口", "大厅" for a hall board)
}

// Printer is a ticket printer and the kiosk it serves.
type Printer struct {
	ID        string `toml:"id"`
	Kiosk     string `toml:"kiosk"`     // the kiosk id whose tickets it prints
	Transport string `toml:"transport"` // serial, usb, tcp or sim
	Path      string `toml:"path"`      // serial or usb device
	Address   string `toml:"address"`   // tcp host:port (port 9100)
	Baud      int    `toml:"baud"`      // serial; default 9600
	PaperMM   int    `toml:"paper_mm"`  // 58 or 80 (default 80)
	GB2312    bool   `toml:"gb2312"`    // the printer's font has GB2312 only
	Board     string `toml:"board"`     // agent: the satellite board it is wired to
	Location  string `toml:"location"`  // where it is in the hall (default "N号取号机")
}

// maxLocation bounds a location (in bytes: about 20 CJK characters), so
// it fits the admin table and the engine's device record.
const maxLocation = 64

// location checks a device's location and fills the default: what the
// device belongs to, when it belongs to something (def), else nothing.
func location(field string, loc *string, def string) error {
	if *loc == "" {
		*loc = def
		return nil
	}
	if len(*loc) > maxLocation || strings.TrimSpace(*loc) != *loc || strings.ContainsFunc(*loc, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return fmt.Errorf("%w: %s.location: %q must be at most %d bytes of plain text (e.g. \"3号窗口\", \"大厅入口\")", ErrConfig, field, *loc, maxLocation)
	}
	return nil
}

func windowPlace(n int) string { return fmt.Sprintf("%d号窗口", n) }

func kioskPlace(k string) string {
	if k == "" {
		return ""
	}
	return k + "号取号机"
}

var protocols = map[string]bool{"bx5k": true, "strip": true, "strip_hall": true, "at": true}

// Validate checks the map against the hall (its windows and services) and
// fills defaults. A nil h is a satellite board's map: its agent does not
// know the hall, so windows and services are checked by the hub when the
// presses arrive.
func (c *Config) Validate(h *hall.Hall) error {
	hasWindow := func(n int) bool { return h == nil || h.WindowByNumber(n) != nil }
	ids := map[string]string{}
	seen := func(id, field string) error {
		if id == "" {
			return fmt.Errorf("%w: %s.id: missing", ErrConfig, field)
		}
		if prev, dup := ids[id]; dup {
			return fmt.Errorf("%w: %s.id: %q is already used by %s", ErrConfig, field, id, prev)
		}
		ids[id] = field
		return nil
	}
	for i := range c.LEDBuses {
		b := &c.LEDBuses[i]
		f := fmt.Sprintf("devices.led_bus[%d]", i)
		if err := seen(b.ID, f); err != nil {
			return err
		}
		if err := transport(f, b.Transport, b.Path, "", false); err != nil {
			return err
		}
		if b.Baud == 0 {
			b.Baud = 9600
		}
		if err := location(f, &b.Location, ""); err != nil {
			return err
		}
		addrs := map[int]bool{}
		for j := range b.Boards {
			bd := &b.Boards[j]
			bf := fmt.Sprintf("%s.board[%d]", f, j)
			switch {
			case bd.Address < 0 || bd.Address > 0xFFFD:
				return fmt.Errorf("%w: %s.address: %d is outside 0…65533", ErrConfig, bf, bd.Address)
			case addrs[bd.Address]:
				return fmt.Errorf("%w: %s.address: %d is used twice on this bus", ErrConfig, bf, bd.Address)
			case !protocols[bd.Protocol]:
				return fmt.Errorf("%w: %s.protocol: %q must be bx5k, strip, strip_hall or at", ErrConfig, bf, bd.Protocol)
			case bd.Window != 0 && !hasWindow(bd.Window):
				return fmt.Errorf("%w: %s.window: %d is not a window of this hall", ErrConfig, bf, bd.Window)
			case bd.Protocol != "bx5k" && bd.Address > 255:
				return fmt.Errorf("%w: %s.address: %s boards take addresses 0…255", ErrConfig, bf, bd.Protocol)
			case bd.Protocol == "at" && bd.Address == 0x0D, strings.HasPrefix(bd.Protocol, "strip") && bd.Address == 0xFF:
				// The frame has no escape: the board would take the
				// address for the end of the frame.
				return fmt.Errorf("%w: %s.address: %d is the %s frame's terminator byte; set the board to another address", ErrConfig, bf, bd.Address, bd.Protocol)
			}
			place := "大厅"
			if bd.Window != 0 {
				place = windowPlace(bd.Window)
			}
			if err := location(bf, &bd.Location, place); err != nil {
				return err
			}
			addrs[bd.Address] = true
			if bd.Rows == 0 {
				bd.Rows = 2
			}
		}
	}
	kiosks := map[string]bool{}
	for i := range c.Printers {
		p := &c.Printers[i]
		f := fmt.Sprintf("devices.printer[%d]", i)
		if err := seen(p.ID, f); err != nil {
			return err
		}
		if p.Transport == Agent {
			if p.Board == "" {
				return fmt.Errorf("%w: %s.board: missing (the board the printer is wired to)", ErrConfig, f)
			}
		} else if err := transport(f, p.Transport, p.Path, p.Address, true); err != nil {
			return err
		}
		if p.Kiosk == "" {
			return fmt.Errorf("%w: %s.kiosk: missing (the kiosk whose tickets it prints)", ErrConfig, f)
		}
		if kiosks[p.Kiosk] {
			return fmt.Errorf("%w: %s.kiosk: %q already has a printer", ErrConfig, f, p.Kiosk)
		}
		kiosks[p.Kiosk] = true
		if p.Baud == 0 {
			p.Baud = 9600
		}
		if p.PaperMM == 0 {
			p.PaperMM = 80
		}
		if p.PaperMM != 58 && p.PaperMM != 80 {
			return fmt.Errorf("%w: %s.paper_mm: %d must be 58 or 80", ErrConfig, f, p.PaperMM)
		}
		if err := location(f, &p.Location, kioskPlace(p.Kiosk)); err != nil {
			return err
		}
	}
	for i := range c.Speakers {
		sp := &c.Speakers[i]
		f := fmt.Sprintf("devices.speaker[%d]", i)
		if err := seen(sp.ID, f); err != nil {
			return err
		}
		if sp.Volume < 0 || sp.Volume > 4 {
			return fmt.Errorf("%w: %s.volume: %g is outside 0…4", ErrConfig, f, sp.Volume)
		}
		for _, n := range sp.Windows {
			if !hasWindow(n) {
				return fmt.Errorf("%w: %s.windows: %d is not a window of this hall", ErrConfig, f, n)
			}
		}
		place := ""
		if len(sp.Windows) == 1 {
			place = windowPlace(sp.Windows[0])
		}
		if err := location(f, &sp.Location, place); err != nil {
			return err
		}
	}
	for i := range c.Keypads {
		k := &c.Keypads[i]
		f := fmt.Sprintf("devices.keypad[%d]", i)
		if err := seen(onBoard(k.Transport, k.Board, k.ID), f); err != nil {
			return err
		}
		if !hasWindow(k.Window) {
			return fmt.Errorf("%w: %s.window: %d is not a window of this hall", ErrConfig, f, k.Window)
		}
		switch k.Transport {
		case Sim, Tablet, CallerKeys:
		case Agent:
			if h == nil {
				return fmt.Errorf("%w: %s.transport: \"agent\" is for the hub's file (a board names its own keypads)", ErrConfig, f)
			}
			if k.Board == "" {
				return fmt.Errorf("%w: %s.board: missing (the board the keypad is wired to)", ErrConfig, f)
			}
		case "evdev":
			if k.Path == "" {
				return fmt.Errorf("%w: %s.path: missing (/dev/input/by-id/…-event-kbd)", ErrConfig, f)
			}
		case "serial":
			if k.Path == "" {
				return fmt.Errorf("%w: %s.path: missing (the serial port)", ErrConfig, f)
			}
			if k.Baud == 0 {
				k.Baud = 9600
			}
			if k.Frame == nil {
				return fmt.Errorf("%w: %s.frame: missing (the keypad's frame format)", ErrConfig, f)
			}
			if _, err := k.Frame.config(); err != nil {
				return fmt.Errorf("%w: %s.frame: %v", ErrConfig, f, err)
			}
		case "gpio":
			for _, lv := range []string{"1", "2", "3", "4", "5"} {
				if k.Pins[lv] == "" {
					return fmt.Errorf("%w: %s.pins.%s: missing (a pin for each level 1…5)", ErrConfig, f, lv)
				}
			}
			if len(k.Pins) != 5 {
				return fmt.Errorf("%w: %s.pins: only the levels \"1\"…\"5\"", ErrConfig, f)
			}
		default:
			return fmt.Errorf("%w: %s.transport: %q must be evdev, serial, gpio, tablet, agent or sim", ErrConfig, f, k.Transport)
		}
		if k.TimeoutS == 0 {
			k.TimeoutS = 60
		}
		if k.TimeoutS < 5 || k.TimeoutS > 600 {
			return fmt.Errorf("%w: %s.timeout_s: %d is outside 5…600", ErrConfig, f, k.TimeoutS)
		}
		if err := location(f, &k.Location, windowPlace(k.Window)); err != nil {
			return err
		}
	}
	if err := c.validateCardReaders(h != nil); err != nil {
		return err
	}
	if err := c.validateIDCards(h != nil, kiosks, seen); err != nil {
		return err
	}
	for i := range c.Buttons {
		b := &c.Buttons[i]
		f := fmt.Sprintf("devices.button[%d]", i)
		if err := seen(onBoard(b.Transport, b.Board, b.ID), f); err != nil {
			return err
		}
		switch {
		case b.Service == "":
			return fmt.Errorf("%w: %s.service: missing", ErrConfig, f)
		case h != nil && h.ServiceByID(b.Service) == nil:
			return fmt.Errorf("%w: %s.service: %q is not a service of this hall", ErrConfig, f, b.Service)
		case b.Transport == Agent && (h == nil || b.Board == ""):
			return fmt.Errorf("%w: %s.board: missing, or not the hub's file (transport \"agent\": the board the button is wired to)", ErrConfig, f)
		case b.Transport == Agent:
		case b.Kiosk != "" && !kiosks[b.Kiosk]:
			return fmt.Errorf("%w: %s.kiosk: %q has no printer in devices.printer", ErrConfig, f, b.Kiosk)
		case b.Transport != "gpio" && b.Transport != Sim:
			return fmt.Errorf("%w: %s.transport: %q must be gpio, agent or sim", ErrConfig, f, b.Transport)
		case b.Transport == "gpio" && b.Pin == "":
			return fmt.Errorf("%w: %s.pin: missing (e.g. \"GPIO17\")", ErrConfig, f)
		}
		if err := location(f, &b.Location, kioskPlace(b.Kiosk)); err != nil {
			return err
		}
	}
	if err := c.validateModems(seen); err != nil {
		return err
	}
	hasService := func(id string) bool { return h == nil || h.ServiceByID(id) != nil }
	return c.validateCallers(seen, hasWindow, hasService)
}

// Locations maps each device id, as the devices report their state, to
// where it is in the hall (after Validate filled the defaults); devices
// without a location are left out.
func (c *Config) Locations() map[string]string {
	out := map[string]string{}
	put := func(id, loc string) {
		if loc != "" {
			out[id] = loc
		}
	}
	for _, b := range c.LEDBuses {
		put(b.ID, b.Location)
		for _, bd := range b.Boards {
			put(fmt.Sprintf("%s/%d", b.ID, bd.Address), bd.Location)
		}
	}
	for _, p := range c.Printers {
		put(p.ID, p.Location)
	}
	for _, sp := range c.Speakers {
		put(sp.ID, sp.Location)
	}
	for _, k := range c.Keypads {
		if k.Transport != Agent { // a board's devices report their own
			put(k.ID, k.Location)
		}
	}
	for _, b := range c.Buttons {
		if b.Transport != Agent {
			put(b.ID, b.Location)
		}
	}
	for _, r := range c.CardReaders {
		put(r.ID, r.Location)
	}
	for _, r := range c.IDCards {
		put(r.ID, r.Location)
	}
	for _, m := range c.Modems {
		put(m.ID, m.Location)
	}
	for _, cl := range c.Callers {
		put(cl.ID, cl.Location)
	}
	return out
}

// onBoard is the id a device is known by for uniqueness: a board's
// devices (transport "agent") are "board/id", as the hub shows them.
func onBoard(transport, board, id string) string {
	if transport == Agent && id != "" {
		return board + "/" + id
	}
	return id
}

func transport(field, t, path, addr string, printer bool) error {
	switch t {
	case Sim:
		return nil
	case Serial:
	case USB, TCP:
		if !printer {
			return fmt.Errorf("%w: %s.transport: %q must be serial or sim", ErrConfig, field, t)
		}
	default:
		if printer {
			return fmt.Errorf("%w: %s.transport: %q must be serial, usb, tcp or sim", ErrConfig, field, t)
		}
		return fmt.Errorf("%w: %s.transport: %q must be serial or sim", ErrConfig, field, t)
	}
	if t == TCP {
		if addr == "" {
			return fmt.Errorf("%w: %s.address: missing (host:9100)", ErrConfig, field)
		}
		return nil
	}
	if path == "" {
		return fmt.Errorf("%w: %s.path: missing", ErrConfig, field)
	}
	return nil
}

// serialReadTimeout bounds one read, so an owner goroutine notices
// its context's end promptly between bytes.
const serialReadTimeout = 100 * time.Millisecond

// A device line that failed is tried again after retryMin, then after
// twice as long each time it fails again, up to retryMax.
const (
	retryMin = time.Second
	retryMax = 30 * time.Second
)
