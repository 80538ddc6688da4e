package gsm

import (
	"errors"
	"fmt"
)

var (
	// ErrNumber: the destination or SMSC number is not 1…20 digits with
	// an optional leading "+".
	ErrNumber = errors.New("gsm: bad phone number")
	// ErrPDU: a PDU that cannot be decoded (simulator, tests).
	ErrPDU = errors.New("gsm: malformed PDU")
	// ErrNoAnswer: the modem did not answer in time.
	ErrNoAnswer = errors.New("gsm: modem did not answer")
	// ErrModem: the modem answered ERROR, +CME ERROR or +CMS ERROR (see
	// *CommandError for the code).
	ErrModem = errors.New("gsm: modem refused")
	// ErrNoSIM: AT+CPIN? did not answer READY (no SIM, PIN or PUK needed).
	ErrNoSIM = errors.New("gsm: SIM not ready")
	// ErrClosed: the line was closed or failed.
	ErrClosed = errors.New("gsm: line closed")
)

// CommandError is a modem's refusal of a command; it wraps ErrModem.
type CommandError struct {
	Command string // what was sent, e.g. "AT+CMGS=23"
	Kind    string // "ERROR", "+CME ERROR" or "+CMS ERROR"
	Code    int    // the error number; -1 for a bare ERROR or a text code
	Text    string // a verbose error text, when the modem gave one
}

func (e *CommandError) Error() string {
	switch {
	case e.Text != "":
		return fmt.Sprintf("gsm: %s: %s: %s", e.Command, e.Kind, e.Text)
	case e.Code >= 0:
		return fmt.Sprintf("gsm: %s: %s: %d", e.Command, e.Kind, e.Code)
	}
	return fmt.Sprintf("gsm: %s: %s", e.Command, e.Kind)
}

func (e *CommandError) Unwrap() error { return ErrModem }

// ErrTooLong: the text needs more than 255 concatenated parts.
var ErrTooLong = errors.New("gsm: message too long")
