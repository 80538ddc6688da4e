package printer

import (
	"errors"
	"io"
	"net"
	"os"
	"time"

	"halld/device/serialport"
)

// Conn is an open transport. Read may return an error whose Timeout()
// is true (or os.ErrDeadlineExceeded, serialport.ErrTimeout) to mean "no
// data yet"; any other error means the transport is gone.
type Conn interface {
	io.ReadWriter
	io.Closer
}

func openSerial(c serialport.Config) (Conn, error) {
	p, err := serialport.Open(c)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// deadlineConn gives every Read and Write of a file or socket a deadline.
type deadlineConn struct {
	c interface {
		Conn
		SetReadDeadline(time.Time) error
		SetWriteDeadline(time.Time) error
	}
	read, write time.Duration
}

func (d *deadlineConn) Read(b []byte) (int, error) {
	if err := d.c.SetReadDeadline(time.Now().Add(d.read)); err != nil {
		return 0, err
	}
	return d.c.Read(b)
}

func (d *deadlineConn) Write(b []byte) (int, error) {
	if err := d.c.SetWriteDeadline(time.Now().Add(d.write)); err != nil {
		return 0, err
	}
	return d.c.Write(b)
}

func (d *deadlineConn) Close() error { return d.c.Close() }

// openUSB opens a usblp device. The *os.File stays in the runtime poller
// (Fd is never called), so deadlines work and a blocked write can time out.
func openUSB(path string, rt, wt time.Duration) (Conn, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	if err := f.SetReadDeadline(time.Now().Add(rt)); err != nil {
		// Not pollable: deadlines would be silently ignored and a write
		// could block forever, so refuse the device.
		f.Close()
		return nil, err
	}
	return &deadlineConn{c: f, read: rt, write: wt}, nil
}

func dialTCP(addr string, dt, rt, wt time.Duration) (Conn, error) {
	c, err := (&net.Dialer{Timeout: dt, KeepAlive: 30 * time.Second}).Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &deadlineConn{c: c.(*net.TCPConn), read: rt, write: wt}, nil
}

// isTimeout reports whether a read error only means "nothing arrived".
func isTimeout(err error) bool {
	if errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, serialport.ErrTimeout) {
		return true
	}
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}
