package api

import (
	"bufio"
	"net"
	"net/http"
	"sync"
	"time"
)

// batchConn lets a stream put several WebSocket frames into one write
// system call. The WebSocket library writes each frame with its own Write;
// with a thousand screens every frame is a syscall per screen, and the
// kernel's per-write cost, not the bytes, bounds the fan-out. While held,
// writes (the stream's frames, and a pong or close frame written by another
// goroutine) are appended to a pooled buffer, which flush sends at once.
// Frames are never split, so the byte stream stays valid at any flush.
type batchConn struct {
	net.Conn
	slack time.Duration // how far a deadline may lag behind the one asked for

	mu      sync.Mutex
	held    bool
	buf     *[]byte
	dl      time.Time // the deadline for the flush
	applied time.Time // the deadline in force on the socket
}

var batchBufs = sync.Pool{New: func() any { b := make([]byte, 0, 4<<10); return &b }}

// hold starts buffering writes until flush.
func (c *batchConn) hold() {
	c.mu.Lock()
	c.held = true
	c.buf = batchBufs.Get().(*[]byte)
	c.mu.Unlock()
}

// flush sends what was buffered since hold in one write and stops buffering.
func (c *batchConn) flush() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.flushLocked()
}

func (c *batchConn) flushLocked() error {
	if !c.held {
		return nil
	}
	c.held = false
	b := c.buf
	c.buf = nil
	defer func() { *b = (*b)[:0]; batchBufs.Put(b) }()
	if len(*b) == 0 {
		return nil
	}
	c.setDeadlineLocked(c.dl)
	_, err := c.Conn.Write(*b)
	return err
}

// setDeadlineLocked moves the socket's write deadline only when the new one
// is earlier, or more than slack later: the WebSocket library sets one
// before every frame, and each is a runtime timer update per frame per
// screen. A write still gets at least its timeout minus slack.
func (c *batchConn) setDeadlineLocked(t time.Time) error {
	if !t.IsZero() && !c.applied.IsZero() && !t.Before(c.applied) && t.Sub(c.applied) < c.slack {
		return nil
	}
	c.applied = t
	return c.Conn.SetWriteDeadline(t)
}

func (c *batchConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.held {
		*c.buf = append(*c.buf, p...)
		return len(p), nil
	}
	return c.Conn.Write(p)
}

// SetWriteDeadline is called before every frame; while held it only
// records the deadline for the flush.
func (c *batchConn) SetWriteDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.held {
		c.dl = t
		return nil
	}
	return c.setDeadlineLocked(t)
}

// SetDeadline sets both deadlines on the socket (the upgrader clears them).
func (c *batchConn) SetDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.applied = t
	return c.Conn.SetDeadline(t)
}

// Close sends what is buffered (whole frames, e.g. a close frame written
// during a batch) before closing.
func (c *batchConn) Close() error {
	c.mu.Lock()
	c.flushLocked()
	c.mu.Unlock()
	return c.Conn.Close()
}

// batchHijacker hands the WebSocket upgrader a batchConn instead of the
// raw connection.
type batchHijacker struct {
	http.ResponseWriter
	slack time.Duration
	conn  *batchConn
}

func (w *batchHijacker) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, brw, err := http.NewResponseController(w.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	w.conn = &batchConn{Conn: conn, slack: w.slack}
	return w.conn, brw, nil
}
