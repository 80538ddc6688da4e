// Package printersim is a simulated ESC/POS ticket printer: the daemon's
// "sim" printers (a hall without hardware, /sim/) and the printer tests use it.
//
// A Printer consumes exactly the bytes a real printer would: it answers
// DLE EOT n at once wherever it appears in the stream (as real printers do,
// even inside QR or image data), decodes everything else with the escpos
// Decoder, answers GS r 1 in sequence, and keeps the printed tickets (split
// at cuts) for inspection. Its state is settable: paper near end or out,
// cover open, cutter error, powered off (no answer at all) and unplugged
// (open, read and write fail). While paper is out, the cover is open or the
// cutter is jammed it holds incoming data unprocessed, like a real printer,
// and prints it once the fault is cleared. It can also send Automatic Status
// Back on every change and arbitrary unsolicited bytes.
//
// Caveats: timing (baud rate, print speed) is not simulated; writes never
// block, unlike usblp while paper is out.
package printersim

import (
	"errors"
	"io"
	"sync"

	"halld/device/escpos"
	"halld/device/gbk"
)

// ErrUnplugged is returned by Open, Read and Write while the simulated
// device is unplugged.
var ErrUnplugged = errors.New("printersim: device unplugged")

// Paper is the state of the paper roll.
type Paper int

const (
	PaperOK Paper = iota
	PaperNearEnd
	PaperOut
)

// State is the settable condition of the simulated printer.
type State struct {
	Paper       Paper
	CoverOpen   bool
	CutterError bool
	PoweredOff  bool // no answer at all; data sent is lost
	// Stalled takes data but does not print it (a stuck mechanism, a full
	// buffer): status still reads ready, GS r waits, and the held data
	// prints once it is cleared.
	Stalled   bool
	Unplugged bool // the device node is gone: I/O fails
}

// ready reports whether the printer reports itself ready.
func (s State) ready() bool { return s.Paper != PaperOut && !s.CoverOpen && !s.CutterError }

// prints reports whether the printer processes data.
func (s State) prints() bool { return s.ready() && !s.Stalled }

// Status returns what the printer reports for s.
func (s State) Status() escpos.Status {
	st := escpos.Status{
		CoverOpen:    s.CoverOpen,
		PaperOut:     s.Paper == PaperOut,
		PaperEndStop: s.Paper == PaperOut,
		PaperNearEnd: s.Paper == PaperNearEnd,
		CutterError:  s.CutterError,
		Error:        s.CutterError,
	}
	st.Offline = !s.ready()
	return st
}

// Printer is the simulated device. All methods are safe for concurrent use.
type Printer struct {
	mu      sync.Mutex
	state   State
	asb     bool
	dec     *escpos.Decoder
	held    []byte // data received while not ready
	rt      []byte // a DLE EOT split across writes
	out     []byte // bytes waiting to be read by the host
	notify  chan struct{}
	conn    *Conn
	current []escpos.Element
	tickets []escpos.Document
	all     []escpos.Element
	rx      []byte
}

// New returns a powered, plugged printer with paper whose font covers cs.
func New(cs gbk.Charset) *Printer {
	return &Printer{dec: escpos.NewDecoder(cs), notify: make(chan struct{}, 1)}
}

// Conn is one open handle on the simulated device, as returned by Open.
type Conn struct {
	p      *Printer
	closed chan struct{}
	once   sync.Once
}

// Open opens the device like os.OpenFile would; it fails while unplugged.
// A new Conn replaces the previous one, which then reads io.EOF.
func (p *Printer) Open() (*Conn, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.state.Unplugged {
		return nil, ErrUnplugged
	}
	if p.conn != nil {
		p.conn.shut()
	}
	p.conn = &Conn{p: p, closed: make(chan struct{})}
	return p.conn, nil
}

func (c *Conn) shut() { c.once.Do(func() { close(c.closed) }) }

// Close closes this handle; a blocked Read returns.
func (c *Conn) Close() error {
	c.shut()
	return nil
}

// Read blocks until the printer has sent something, the handle is closed
// (io.EOF) or the device is unplugged.
func (c *Conn) Read(b []byte) (int, error) {
	p := c.p
	for {
		p.mu.Lock()
		switch {
		case p.conn != c || isClosed(c.closed):
			p.mu.Unlock()
			return 0, io.EOF
		case p.state.Unplugged:
			p.mu.Unlock()
			return 0, ErrUnplugged
		case len(p.out) > 0:
			n := copy(b, p.out)
			p.out = p.out[n:]
			p.mu.Unlock()
			return n, nil
		}
		p.mu.Unlock()
		select {
		case <-p.notify:
		case <-c.closed:
		}
	}
}

func isClosed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// Write consumes bytes as the printer's input.
func (c *Conn) Write(b []byte) (int, error) {
	p := c.p
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case isClosed(c.closed) || p.conn != c:
		return 0, io.ErrClosedPipe
	case p.state.Unplugged:
		return 0, ErrUnplugged
	case p.state.PoweredOff:
		return len(b), nil // the line is dead: bytes vanish
	}
	p.rx = append(p.rx, b...)
	p.realtime(b)
	if !p.state.prints() {
		p.held = append(p.held, b...)
		return len(b), nil
	}
	p.process(b)
	return len(b), nil
}

// realtime answers DLE EOT n the moment it arrives, even inside data.
func (p *Printer) realtime(b []byte) {
	for _, c := range b {
		p.rt = append(p.rt, c)
		switch {
		case len(p.rt) == 1 && c != escpos.DLE:
			p.rt = p.rt[:0]
		case len(p.rt) == 2 && c != escpos.EOT:
			p.rt = p.rt[:0]
			if c == escpos.DLE {
				p.rt = append(p.rt, c)
			}
		case len(p.rt) == 3:
			if c >= 1 && c <= 4 {
				p.send(escpos.EncodeStatus(p.state.Status(), int(c)))
			}
			p.rt = p.rt[:0]
		}
	}
}

// process decodes data as printed and answers GS r in sequence.
func (p *Printer) process(b []byte) {
	p.dec.Write(b)
	for _, e := range p.dec.Take() {
		p.all = append(p.all, e)
		switch e := e.(type) {
		case escpos.AckRequest:
			if e.N == 1 || e.N == 49 {
				s := p.state.Status()
				p.send(escpos.EncodeAck(s.PaperNearEnd, s.PaperOut))
			}
		case escpos.StatusRequest, escpos.Recover:
			// answered in realtime
		case escpos.Cut:
			p.current = append(p.current, e)
			p.tickets = append(p.tickets, escpos.Document{Elements: p.current})
			p.current = nil
		default:
			p.current = append(p.current, e)
		}
	}
}

func (p *Printer) send(b ...byte) {
	p.out = append(p.out, b...)
	p.wake()
}

func (p *Printer) wake() {
	select {
	case p.notify <- struct{}{}:
	default:
	}
}

// Set changes the printer's state. Powering off loses buffered data and
// pending replies; clearing a fault prints the held data; with ASB enabled
// a change sends the four status bytes.
func (p *Printer) Set(s State) {
	p.mu.Lock()
	defer p.mu.Unlock()
	old := p.state
	p.state = s
	if s.PoweredOff || s.Unplugged {
		p.out = nil
	}
	if s.PoweredOff && !old.PoweredOff {
		p.held, p.rt = nil, nil
		p.dec = escpos.NewDecoder(p.dec.Charset())
	}
	if s.Unplugged {
		p.wake() // a blocked Read must fail now
	}
	if p.asb && !s.PoweredOff && !s.Unplugged && old.Status() != s.Status() {
		a := escpos.EncodeASB(s.Status())
		p.send(a[:]...)
	}
	if s.prints() && !s.PoweredOff && len(p.held) > 0 {
		h := p.held
		p.held = nil
		p.process(h)
	}
}

// State returns the current state.
func (p *Printer) State() State {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.state
}

// SetASB turns Automatic Status Back on or off (as GS a would); turning it
// on sends the current status at once.
func (p *Printer) SetASB(on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.asb = on
	if on {
		a := escpos.EncodeASB(p.state.Status())
		p.send(a[:]...)
	}
}

// Inject sends arbitrary bytes to the host, as noise or unsolicited status.
func (p *Printer) Inject(b ...byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.send(b...)
}

// Tickets returns the tickets printed so far, each ending with its cut.
func (p *Printer) Tickets() []escpos.Document {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]escpos.Document(nil), p.tickets...)
}

// Printed returns everything decoded so far, cut or not.
func (p *Printer) Printed() escpos.Document {
	p.mu.Lock()
	defer p.mu.Unlock()
	return escpos.Document{Elements: append([]escpos.Element(nil), p.all...)}
}

// Received returns every byte the host has written.
func (p *Printer) Received() []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]byte(nil), p.rx...)
}

// Held returns the number of bytes waiting for a fault to clear.
func (p *Printer) Held() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.held)
}
