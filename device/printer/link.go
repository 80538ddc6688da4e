package printer

import (
	"time"

	"halld/device/escpos"
)

// link is one open transport: a reader goroutine pumps whatever the printer
// sends into rx, and the owner goroutine parses it into replies.
type link struct {
	conn   Conn
	rx     chan []byte
	errc   chan error // the reader's final error
	quit   chan struct{}
	exited chan struct{}
	parser escpos.ReplyParser
	queue  []escpos.Reply
}

func startLink(c Conn) *link {
	l := &link{
		conn:   c,
		rx:     make(chan []byte),
		errc:   make(chan error, 1),
		quit:   make(chan struct{}),
		exited: make(chan struct{}),
	}
	go l.read()
	return l
}

func (l *link) read() {
	defer close(l.exited)
	buf := make([]byte, 256)
	for {
		n, err := l.conn.Read(buf)
		if n > 0 {
			select {
			case l.rx <- append([]byte(nil), buf[:n]...):
			case <-l.quit:
				return
			}
		}
		if err != nil && !isTimeout(err) {
			l.errc <- err
			return
		}
		select {
		case <-l.quit:
			return
		default:
		}
	}
}

// close closes the transport and waits for the reader: Close unblocks reads
// on files and sockets at once, on serialport within its read timeout.
func (l *link) close() {
	close(l.quit)
	l.conn.Close()
	<-l.exited
}

// write writes b within d. Transports without deadlines (serial) write in a
// goroutine; if the write outlives d the owner gives the transport up.
func (l *link) write(b []byte, d time.Duration) (timedOut bool, err error) {
	done := make(chan error, 1)
	go func() {
		_, err := l.conn.Write(b)
		done <- err
	}()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case err := <-done:
		return err != nil && isTimeout(err), err
	case <-t.C:
		return true, nil
	}
}
