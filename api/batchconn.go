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
	mu   sync.Mutex
	held bool
	buf  *[]byte
	dl   time.Time // the deadline for the flush
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
	c.Conn.SetWriteDeadline(c.dl)
	_, err := c.Conn.Write(*b)
	return err
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
// records the deadline for the flush (one timer update per batch).
func (c *batchConn) SetWriteDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.held {
		c.dl = t
		return nil
	}
	return c.Conn.SetWriteDeadline(t)
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
	conn *batchConn
}

func (w *batchHijacker) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, brw, err := http.NewResponseController(w.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	w.conn = &batchConn{Conn: conn}
	return w.conn, brw, nil
}
