package led

import "time"

// State is what the bus knows about a board.
type State int

// States. Offline means the last transaction failed: no reply, a bad reply
// or an error reply; see BoardStatus.LastErr.
const (
	StateUnknown State = iota // nothing sent yet
	StateOK
	StateOffline
)

func (s State) String() string {
	switch s {
	case StateOK:
		return "ok"
	case StateOffline:
		return "offline"
	}
	return "unknown"
}

// BoardStatus is a snapshot of one board.
type BoardStatus struct {
	Addr      uint16
	State     State
	Since     time.Time // when State began
	Shown     []string  // content the board confirmed; nil if unknown
	Pending   []string  // content waiting to be sent; nil if none
	Priority  Priority  // of Pending
	LastOK    time.Time // last successful transaction
	LastErr   error     // last failure, kept after recovery
	LastErrAt time.Time
	Failures  int       // consecutive failures
	RetryAt   time.Time // next attempt while offline
}
