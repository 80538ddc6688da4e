package idcard

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
)

// maxLine bounds one line of text from a reader: a number is 18
// characters; anything longer is not a card and is dropped whole.
const maxLine = 64

// ErrLine is passed to a Lines' Bad callback for a line too long to be a
// number.
var ErrLine = errors.New("idcard: line too long for an ID number")

// Lines reads a reader that sends each card's number as a line of text
// (ended by CR, LF or both), for example on a serial port.
type Lines struct {
	R io.Reader
	// Bad, if set, hears of dropped input (never its content).
	Bad func(error)
}

// Run reads lines until ctx ends or the reader fails, and calls card with
// each non-empty line, trimmed. Read timeouts (serialport.ErrTimeout) are
// waited out. It returns ctx.Err() after cancellation.
func (l Lines) Run(ctx context.Context, card func(number string)) error {
	var line []byte
	long := false
	buf := make([]byte, 256)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		n, err := l.R.Read(buf)
		for _, c := range buf[:n] {
			if c != '\r' && c != '\n' {
				if len(line) < maxLine {
					line = append(line, c)
				} else {
					long = true
				}
				continue
			}
			if long && l.Bad != nil {
				l.Bad(fmt.Errorf("%w: over %d bytes", ErrLine, maxLine))
			}
			if s := bytes.TrimSpace(line); len(s) > 0 && !long {
				card(string(s))
			}
			clear(line)
			line, long = line[:0], false
		}
		clear(buf[:n])
		if err != nil && !isTimeout(err) {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("%w: read: %w", ErrIO, err)
		}
	}
}
