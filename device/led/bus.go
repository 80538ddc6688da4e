package led

import (
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sync"
	"time"
)

// Bus holds the boards of one line and what each should show. Show, Status
// and Changed may be called from any goroutine; Run owns the line.
type Bus struct {
	cfg Config
	log *slog.Logger

	mu      sync.Mutex
	boards  map[uint16]*board
	addrs   []uint16 // sorted
	seq     uint64
	running bool
	changed chan struct{} // closed and replaced on every change
	wake    chan struct{} // buffered 1: new content for Run
}

type board struct {
	addr  uint16
	proto Protocol

	want      []string
	wantFrame []byte
	hasWant   bool
	prio      Priority
	seq       uint64 // queue order within prio

	shown      []string
	shownKnown bool

	state     State
	since     time.Time
	lastOK    time.Time
	lastErr   error
	lastErrAt time.Time
	failures  int
	retryAt   time.Time
}

// pending reports whether the board's wanted content still has to be sent.
func (b *board) pending() bool {
	return b.hasWant && !(b.shownKnown && slices.Equal(b.shown, b.want))
}

// New returns a bus for boards with the timing of cfg. A nil logger discards.
func New(cfg Config, boards []Board, logger *slog.Logger) (*Bus, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	b := &Bus{cfg: cfg, log: logger, boards: make(map[uint16]*board),
		changed: make(chan struct{}), wake: make(chan struct{}, 1)}
	for _, bd := range boards {
		if bd.Protocol == nil {
			return nil, fmt.Errorf("%w: board %d has no protocol", ErrConfig, bd.Addr)
		}
		if _, dup := b.boards[bd.Addr]; dup {
			return nil, fmt.Errorf("%w: board address %d listed twice", ErrConfig, bd.Addr)
		}
		b.boards[bd.Addr] = &board{addr: bd.Addr, proto: bd.Protocol}
		b.addrs = append(b.addrs, bd.Addr)
	}
	slices.Sort(b.addrs)
	return b, nil
}

// Show asks for lines on the board at addr. It never blocks on the line: the
// content replaces anything still waiting for that board, and is dropped if
// the board already shows it. A Call is sent before any Idle content. The
// frame is encoded now, so encoding errors (address out of range, text too
// long) are returned here.
func (b *Bus) Show(addr uint16, lines []string, prio Priority) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	bd := b.boards[addr]
	if bd == nil {
		return fmt.Errorf("%w: %d", ErrUnknownBoard, addr)
	}
	frame, err := bd.proto.Encode(addr, lines)
	if err != nil {
		return fmt.Errorf("led: board %d: %w", addr, err)
	}
	wasPending := bd.pending()
	if !(bd.hasWant && slices.Equal(bd.want, lines)) {
		bd.want, bd.wantFrame, bd.hasWant = slices.Clone(lines), frame, true
	}
	switch {
	case !bd.pending():
		// Already shown, or back to what is shown: nothing to send.
	case !wasPending:
		bd.prio, bd.seq = prio, b.nextSeq()
	case prio > bd.prio:
		bd.prio, bd.seq = prio, b.nextSeq() // joins the end of the call queue
	}
	b.notifyLocked()
	select {
	case b.wake <- struct{}{}:
	default:
	}
	return nil
}

func (b *Bus) nextSeq() uint64 { b.seq++; return b.seq }

// notifyLocked wakes everyone waiting on Changed.
func (b *Bus) notifyLocked() {
	close(b.changed)
	b.changed = make(chan struct{})
}

// Changed returns a channel that is closed at the next change of any
// board's status. Take it before reading Status to miss nothing.
func (b *Bus) Changed() <-chan struct{} {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.changed
}

// Status returns a snapshot of every board, by address.
func (b *Bus) Status() []BoardStatus {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]BoardStatus, 0, len(b.addrs))
	for _, a := range b.addrs {
		out = append(out, b.statusLocked(b.boards[a]))
	}
	return out
}

// Board returns the status of the board at addr.
func (b *Bus) Board(addr uint16) (BoardStatus, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	bd := b.boards[addr]
	if bd == nil {
		return BoardStatus{}, false
	}
	return b.statusLocked(bd), true
}

func (b *Bus) statusLocked(bd *board) BoardStatus {
	s := BoardStatus{Addr: bd.addr, State: bd.state, Since: bd.since, LastOK: bd.lastOK,
		LastErr: bd.lastErr, LastErrAt: bd.lastErrAt, Failures: bd.failures, RetryAt: bd.retryAt}
	if bd.shownKnown {
		s.Shown = slices.Clone(bd.shown)
		if s.Shown == nil {
			s.Shown = []string{}
		}
	}
	if bd.pending() {
		s.Pending, s.Priority = slices.Clone(bd.want), bd.prio
		if s.Pending == nil {
			s.Pending = []string{}
		}
	}
	return s
}
