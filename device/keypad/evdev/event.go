package evdev

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"unsafe"
)

// NativeEventSize is the size of struct input_event for this process: a
// struct timeval of two C longs (pointer-sized on Linux) plus u16 type, u16
// code and s32 value.
var NativeEventSize = 2*int(unsafe.Sizeof(uintptr(0))) + 8

// Event types and values from linux/input-event-codes.h.
const (
	EvSyn = 0x00
	EvKey = 0x01
	EvMsc = 0x04

	ValueRelease = 0
	ValuePress   = 1
	ValueRepeat  = 2
)

// ErrEventSize is returned for an event size other than 16 or 24.
var ErrEventSize = errors.New("evdev: event size must be 16 or 24")

// Event is one struct input_event.
type Event struct {
	Sec, Usec int64 // timestamp as the kernel sent it
	Type      uint16
	Code      uint16
	Value     int32
}

// ParseEvent decodes one event of len(b) bytes, which must be 16 or 24.
func ParseEvent(b []byte) (Event, error) {
	var e Event
	switch len(b) {
	case 24:
		e.Sec = int64(binary.NativeEndian.Uint64(b[0:]))
		e.Usec = int64(binary.NativeEndian.Uint64(b[8:]))
	case 16:
		e.Sec = int64(int32(binary.NativeEndian.Uint32(b[0:])))
		e.Usec = int64(int32(binary.NativeEndian.Uint32(b[4:])))
	default:
		return e, fmt.Errorf("%w: got %d", ErrEventSize, len(b))
	}
	tail := b[len(b)-8:]
	e.Type = binary.NativeEndian.Uint16(tail[0:])
	e.Code = binary.NativeEndian.Uint16(tail[2:])
	e.Value = int32(binary.NativeEndian.Uint32(tail[4:]))
	return e, nil
}

// Reader decodes a stream of events. The kernel hands out whole events, but
// Reader also copes with streams cut anywhere (pipes, files).
type Reader struct {
	r   io.Reader
	buf []byte
}

// NewReader reads events of size bytes (16 or 24; use NativeEventSize for a
// real device) from r.
func NewReader(r io.Reader, size int) (*Reader, error) {
	if size != 16 && size != 24 {
		return nil, fmt.Errorf("%w: got %d", ErrEventSize, size)
	}
	return &Reader{r: r, buf: make([]byte, size)}, nil
}

// Next returns the next event. It returns io.EOF at a clean end of stream and
// io.ErrUnexpectedEOF when the stream ends inside an event.
func (r *Reader) Next() (Event, error) {
	if _, err := io.ReadFull(r.r, r.buf); err != nil {
		return Event{}, err
	}
	return ParseEvent(r.buf)
}
