// Package ledsim simulates a bus of LED boards. It consumes the real frames
// a host writes (BX-5K/6K and textproto formats), keeps the text each
// address displays, and answers like the boards: BX cards reply with
// CmdError 00, textproto boards stay silent. A board can be declared dead,
// after which it neither answers nor changes its display.
//
// Use a Sim directly as the host's io.ReadWriter in unit tests (it works
// inside testing/synctest bubbles), or let Serve play the boards on the
// device side of a real line such as a serialtest.PTY master. The daemon's
// simulated boards (equip's "sim" devices) are one, rendered on /sim/ from
// Displays and redrawn on Changed.
//
// Caveats: replies are immediate (no line timing); all decoders see every
// byte, so a bus mixing protocols could in theory mistake one protocol's
// payload for another's frame; BX rows are split at the area width in
// 8-px half-width cells (CharWidth), trailing spaces trimmed.
package ledsim

import (
	"errors"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"halld/device/gbk"
	"halld/device/led/bx"
	"halld/device/led/textproto"
)

// Kinds of simulated boards.
const (
	KindBX   = "bx"
	KindText = "text"
)

// Display is what one simulated board shows.
type Display struct {
	Addr    uint16
	Kind    string   // KindBX or KindText
	Format  string   // textproto format name, for KindText
	Lines   []string // rows as the board would lay them out
	Text    string   // the decoded text as received
	Frames  int      // frames addressed to it that it accepted
	Dead    bool
	Error   bx.CmdError // what a BX card answers; 0 = success
	Updated time.Time
}

// Received is one frame the simulator accepted.
type Received struct {
	At   time.Time
	Addr uint16
	Kind string
	Text string // decoded; empty for BX ping/status/clear
}

// Sim is a simulated board bus. The zero value is not usable; call New.
type Sim struct {
	// CharWidth is the half-width cell width in pixels used to split BX
	// text into rows (8 unless set before use).
	CharWidth int

	mu       sync.Mutex
	readable *sync.Cond
	boards   map[uint16]*Display
	bx       bx.Decoder
	text     map[string]*textproto.Decoder
	out      []byte
	closed   bool
	pulled   bool // the cable is out: lines fail
	gen      int  // counts pulls: a line from before one is dead
	changed  chan struct{}
	log      []Received
}

// New returns a simulator with no boards.
func New() *Sim {
	s := &Sim{CharWidth: 8, boards: map[uint16]*Display{},
		text: map[string]*textproto.Decoder{}, changed: make(chan struct{})}
	s.readable = sync.NewCond(&s.mu)
	return s
}

// AddBX adds a BX-5K/6K card at addr.
func (s *Sim) AddBX(addr uint16) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.boards[addr] = &Display{Addr: addr, Kind: KindBX}
}

// AddText adds a board at addr speaking format f.
func (s *Sim) AddText(addr uint16, f textproto.Format) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.boards[addr] = &Display{Addr: addr, Kind: KindText, Format: f.Name}
	if s.text[f.Name] == nil {
		s.text[f.Name] = &textproto.Decoder{Format: f}
	}
}

// SetDead makes the board at addr stop (or resume) answering and updating.
func (s *Sim) SetDead(addr uint16, dead bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d := s.boards[addr]; d != nil {
		d.Dead = dead
		s.notifyLocked()
	}
}

// SetError makes the BX card at addr answer every frame with code (0 to
// succeed again) and ignore what it is sent, like a card without the font.
func (s *Sim) SetError(addr uint16, code bx.CmdError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d := s.boards[addr]; d != nil {
		d.Error = code
	}
}

// Display returns what the board at addr shows.
func (s *Sim) Display(addr uint16) (Display, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.boards[addr]
	if d == nil {
		return Display{}, false
	}
	c := *d
	c.Lines = slices.Clone(d.Lines)
	return c, true
}

// Displays returns every board, by address.
func (s *Sim) Displays() []Display {
	s.mu.Lock()
	addrs := make([]uint16, 0, len(s.boards))
	for a := range s.boards {
		addrs = append(addrs, a)
	}
	s.mu.Unlock()
	slices.Sort(addrs)
	out := make([]Display, 0, len(addrs))
	for _, a := range addrs {
		d, _ := s.Display(a)
		out = append(out, d)
	}
	return out
}

// Received returns the frames accepted so far, oldest first.
func (s *Sim) Received() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.log)
}

// Changed returns a channel closed at the next display change.
func (s *Sim) Changed() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.changed
}

func (s *Sim) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// Write takes bytes from the host, as the boards on the line would.
func (s *Sim) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writeLocked(p)
}

func (s *Sim) writeLocked(p []byte) (int, error) {
	if s.closed {
		return 0, io.ErrClosedPipe
	}
	if r := s.feedLocked(p); len(r) > 0 {
		s.out = append(s.out, r...)
		s.readable.Broadcast()
	}
	return len(p), nil
}

// Read returns the boards' answers to the host, waiting until there are
// some or the simulator is closed (then io.EOF).
func (s *Sim) Read(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.readLocked(p, func() bool { return false })
}

func (s *Sim) readLocked(p []byte, cut func() bool) (int, error) {
	for len(s.out) == 0 && !s.closed && !cut() {
		s.readable.Wait()
	}
	if cut() {
		return 0, ErrPulled
	}
	if len(s.out) == 0 {
		return 0, io.EOF
	}
	n := copy(p, s.out)
	s.out = s.out[n:]
	return n, nil
}

// ErrPulled is the error of a line whose cable was pulled (Pull).
var ErrPulled = errors.New("ledsim: line cable pulled")

// Pull pulls the line's cable out (true) or puts it back (false). While it
// is out, Line fails; a line opened before a pull fails its Reads and
// Writes from then on, as a serial port whose adapter was unplugged.
func (s *Sim) Pull(out bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if out && !s.pulled {
		s.gen++
		s.out = nil
	}
	s.pulled = out
	s.readable.Broadcast()
	s.notifyLocked()
}

// Pulled reports whether the cable is out.
func (s *Sim) Pulled() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pulled
}

// Line opens the line to the boards, as opening the serial port would; it
// fails while the cable is out.
func (s *Sim) Line() (io.ReadWriter, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pulled {
		return nil, ErrPulled
	}
	return &line{s: s, gen: s.gen}, nil
}

// line is one opening of the simulated line.
type line struct {
	s   *Sim
	gen int
}

func (l *line) dead() bool { return l.s.pulled || l.s.gen != l.gen }

func (l *line) Write(p []byte) (int, error) {
	l.s.mu.Lock()
	defer l.s.mu.Unlock()
	if l.dead() {
		return 0, ErrPulled
	}
	return l.s.writeLocked(p)
}

func (l *line) Read(p []byte) (int, error) {
	l.s.mu.Lock()
	defer l.s.mu.Unlock()
	return l.s.readLocked(p, l.dead)
}

// Close ends pending and future Reads with io.EOF.
func (s *Sim) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	s.readable.Broadcast()
	return nil
}

// Serve plays the boards on the device side of a line: it reads what the
// host sent and writes the answers back, until a Read fails with an error
// that is not a timeout (for example because dev was closed), which it
// returns.
func (s *Sim) Serve(dev io.ReadWriter) error {
	buf := make([]byte, 512)
	for {
		n, err := dev.Read(buf)
		if n > 0 {
			s.mu.Lock()
			reply := s.feedLocked(buf[:n])
			s.mu.Unlock()
			if len(reply) > 0 {
				if _, werr := dev.Write(reply); werr != nil {
					return werr
				}
			}
		}
		var te interface{ Timeout() bool }
		if err != nil && !(errors.As(err, &te) && te.Timeout()) {
			return err
		}
	}
}

// feedLocked decodes p and returns the answers to send back.
func (s *Sim) feedLocked(p []byte) []byte {
	var reply []byte
	for _, f := range s.bx.Feed(p) {
		reply = append(reply, s.bxFrameLocked(f)...)
	}
	for name, d := range s.text {
		for _, m := range d.Feed(p) {
			b := s.boards[uint16(m.Addr)]
			if b == nil || b.Kind != KindText || b.Format != name || b.Dead {
				continue
			}
			text := gbk.Decode(m.Text)
			s.showLocked(b, text, []string{text})
		}
	}
	return reply
}

// bxFrameLocked applies one BX frame and returns the card's answer.
func (s *Sim) bxFrameLocked(f bx.Frame) []byte {
	var targets []*Display
	broadcast := f.Dst == bx.BroadcastAddr || f.Dst == 0xFFFE
	for _, b := range s.boards {
		if b.Kind == KindBX && !b.Dead && (broadcast || b.Addr == f.Dst) {
			targets = append(targets, b)
		}
	}
	if len(targets) == 0 {
		return nil
	}
	code := bx.CmdError(0)
	if len(targets) == 1 && targets[0].Error != 0 {
		code = targets[0].Error
		targets = nil
	}
	switch {
	case code != 0:
	case f.Group == bx.GroupDisplay && f.Cmd == bx.CmdDynamic:
		area, err := bx.ParseDynamicText(f.Data)
		if err != nil {
			code = bx.ErrFileType
			break
		}
		cols := 0
		if !area.Area.SingleLine && s.CharWidth > 0 {
			cols = area.Area.Width / s.CharWidth
		}
		var lines []string
		for _, row := range gbk.Rows(area.Text, cols) {
			lines = append(lines, strings.TrimRight(gbk.Decode(row), " "))
		}
		for len(lines) > 0 && lines[len(lines)-1] == "" {
			lines = lines[:len(lines)-1]
		}
		for _, b := range targets {
			s.showLocked(b, gbk.Decode(area.Text), lines)
		}
	case f.Group == bx.GroupDisplay && f.Cmd == bx.CmdClear:
		for _, b := range targets {
			s.showLocked(b, "", nil)
		}
	case f.Group == bx.GroupSystem && f.Cmd == bx.CmdPing,
		f.Group == bx.GroupStatus && f.Cmd == bx.CmdStatus:
		for _, b := range targets {
			s.log = append(s.log, Received{At: time.Now(), Addr: b.Addr, Kind: KindBX})
		}
	default:
		code = bx.ErrNoCommand
	}
	if broadcast || f.Flag != bx.MustReply {
		return nil
	}
	out, _ := bx.Reply(f, code, nil).MarshalBinary()
	return out
}

func (s *Sim) showLocked(b *Display, text string, lines []string) {
	b.Text, b.Lines = text, lines
	b.Frames++
	b.Updated = time.Now()
	s.log = append(s.log, Received{At: b.Updated, Addr: b.Addr, Kind: b.Kind, Text: text})
	s.notifyLocked()
}
