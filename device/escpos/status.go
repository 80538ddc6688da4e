package escpos

import "fmt"

// Status is what the printer reports about itself, decoded from the replies
// to DLE EOT 1–4 or from Automatic Status Back. Fields a printer lacks a
// sensor for stay false (many have no near-end sensor).
type Status struct {
	// DLE EOT 1 (printer)
	Offline         bool
	DrawerHigh      bool
	WaitingRecovery bool
	FeedPressed     bool
	// DLE EOT 2 (offline cause)
	CoverOpen    bool
	FeedByButton bool
	PaperEndStop bool // printing stopped because the paper ran out
	Error        bool
	// DLE EOT 3 (error cause)
	MechanicalError      bool
	CutterError          bool
	UnrecoverableError   bool
	AutoRecoverableError bool // e.g. head overheat
	// DLE EOT 4 (paper roll sensor)
	PaperNearEnd bool
	PaperOut     bool
}

// IsStatusReply reports whether c has the fixed bits of a DLE EOT reply
// (0xx1xx10).
func IsStatusReply(c byte) bool { return c&0x93 == 0x12 }

// StatusRequestBytes returns the real-time status request DLE EOT n (10 04 n).
func StatusRequestBytes(n int) []byte { return []byte{DLE, EOT, byte(n)} }

// AckRequestBytes is GS r 1, the in-sequence paper status request.
var AckRequestBytes = []byte{GS, 'r', 1}

// Apply merges the reply c to DLE EOT n (1–4) into s, replacing the fields
// that n reports on.
func (s *Status) Apply(n int, c byte) error {
	if !IsStatusReply(c) {
		return fmt.Errorf("escpos: byte %#02x for DLE EOT %d: %w", c, n, ErrNotStatus)
	}
	bit := func(m byte) bool { return c&m != 0 }
	switch n {
	case 1:
		s.DrawerHigh, s.Offline, s.WaitingRecovery, s.FeedPressed = bit(0x04), bit(0x08), bit(0x20), bit(0x40)
	case 2:
		s.CoverOpen, s.FeedByButton, s.PaperEndStop, s.Error = bit(0x04), bit(0x08), bit(0x20), bit(0x40)
	case 3:
		s.MechanicalError, s.CutterError, s.UnrecoverableError, s.AutoRecoverableError = bit(0x04), bit(0x08), bit(0x20), bit(0x40)
	case 4:
		s.PaperNearEnd, s.PaperOut = bit(0x0C), bit(0x60)
	default:
		return fmt.Errorf("escpos: DLE EOT %d: %w", n, ErrArgument)
	}
	return nil
}

// EncodeStatus returns the reply a printer in state s sends to DLE EOT n
// (1–4): the inverse of Apply, used by simulators.
func EncodeStatus(s Status, n int) byte {
	c := byte(0x12)
	set := func(on bool, m byte) {
		if on {
			c |= m
		}
	}
	switch n {
	case 1:
		set(s.DrawerHigh, 0x04)
		set(s.Offline, 0x08)
		set(s.WaitingRecovery, 0x20)
		set(s.FeedPressed, 0x40)
	case 2:
		set(s.CoverOpen, 0x04)
		set(s.FeedByButton, 0x08)
		set(s.PaperEndStop, 0x20)
		set(s.Error, 0x40)
	case 3:
		set(s.MechanicalError, 0x04)
		set(s.CutterError, 0x08)
		set(s.UnrecoverableError, 0x20)
		set(s.AutoRecoverableError, 0x40)
	case 4:
		set(s.PaperNearEnd, 0x0C)
		set(s.PaperOut, 0x60)
	}
	return c
}

// StatusFromASB decodes the four Automatic Status Back bytes (GS a).
func StatusFromASB(a [4]byte) Status {
	return Status{
		DrawerHigh:           a[0]&0x04 != 0,
		Offline:              a[0]&0x08 != 0,
		CoverOpen:            a[0]&0x20 != 0,
		FeedPressed:          a[0]&0x40 != 0,
		WaitingRecovery:      a[1]&0x01 != 0,
		MechanicalError:      a[1]&0x04 != 0,
		CutterError:          a[1]&0x08 != 0,
		UnrecoverableError:   a[1]&0x20 != 0,
		AutoRecoverableError: a[1]&0x40 != 0,
		PaperNearEnd:         a[2]&0x03 != 0,
		PaperOut:             a[2]&0x0C != 0,
	}
}

// EncodeASB returns the Automatic Status Back bytes for s.
func EncodeASB(s Status) [4]byte {
	a := [4]byte{0x10, 0, 0, 0}
	set := func(i int, on bool, m byte) {
		if on {
			a[i] |= m
		}
	}
	set(0, s.DrawerHigh, 0x04)
	set(0, s.Offline, 0x08)
	set(0, s.CoverOpen, 0x20)
	set(0, s.FeedPressed, 0x40)
	set(1, s.WaitingRecovery, 0x01)
	set(1, s.MechanicalError, 0x04)
	set(1, s.CutterError, 0x08)
	set(1, s.UnrecoverableError, 0x20)
	set(1, s.AutoRecoverableError, 0x40)
	set(2, s.PaperNearEnd, 0x03)
	set(2, s.PaperOut, 0x0C)
	return a
}

// AckPaper decodes the reply to GS r 1: bits 0–1 paper near end, bits 2–3
// paper out. Chinese clones answer 00 (fine) or 0F (out).
func AckPaper(c byte) (nearEnd, out bool) { return c&0x03 != 0, c&0x0C != 0 }

// EncodeAck returns the GS r 1 reply for a paper state.
func EncodeAck(nearEnd, out bool) byte {
	var c byte
	if nearEnd {
		c |= 0x03
	}
	if out {
		c |= 0x0C
	}
	return c
}
