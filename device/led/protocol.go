package led

// Protocol encodes "show these lines" for a board address. bx.Protocol and
// textproto.Format implement it.
type Protocol interface {
	Encode(addr uint16, lines []string) ([]byte, error)
}

// Replier is implemented by protocols whose boards answer every frame.
type Replier interface {
	// Reply inspects rx, the bytes received since a frame was sent to addr.
	// It returns done == false while more bytes are needed, and a non-nil
	// error when the reply reports a failure.
	Reply(addr uint16, rx []byte) (done bool, err error)
}

// Board attaches a protocol to an address on the bus.
type Board struct {
	Addr     uint16
	Protocol Protocol
}

// Priority orders pending content.
type Priority int

// Priorities: a call goes before any idle refresh.
const (
	Idle Priority = iota
	Call
)

func (p Priority) String() string {
	if p == Call {
		return "call"
	}
	return "idle"
}
