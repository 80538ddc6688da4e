// Package evdevsim plays a USB HID keyboard as the Linux input layer
// reports it: each key press or release is an EV_MSC/MSC_SCAN event with the
// HID usage, the EV_KEY event and an EV_SYN/SYN_REPORT, written as
// struct input_event records of 16 or 24 bytes in host byte order. Auto-repeat
// is EV_KEY value 2 plus SYN_REPORT, as the kernel's soft repeat sends it.
//
// Its byte layout is written independently of package evdev's decoder, so
// tests of one check the other. The daemon's simulated USB keypads
// (equip's "sim" devices, driven from /sim/) type through it, and tests use it
// to feed the decoder. Caveat: no EV_LED or other events are sent.
package evdevsim

import (
	"encoding/binary"
	"fmt"
	"io"
	"time"
)

// hidUsage is the USB HID keyboard usage (page 7) of the keys keypads send.
var hidUsage = map[uint16]uint32{
	2: 0x1e, 3: 0x1f, 4: 0x20, 5: 0x21, 6: 0x22, // KEY_1..KEY_5
	59: 0x3a, 60: 0x3b, 61: 0x3c, 62: 0x3d, 63: 0x3e, // KEY_F1..KEY_F5
	79: 0x59, 80: 0x5a, 81: 0x5b, 75: 0x5c, 76: 0x5d, // KEY_KP1..KEY_KP5
}

// Keyboard writes events to W.
type Keyboard struct {
	W    io.Writer
	Size int              // 16 or 24 bytes per event
	Now  func() time.Time // event timestamps; nil means time.Now
}

// Press sends a key-down report.
func (k *Keyboard) Press(code uint16) error { return k.report(code, 1, true) }

// Repeat sends an auto-repeat report.
func (k *Keyboard) Repeat(code uint16) error { return k.report(code, 2, false) }

// Release sends a key-up report.
func (k *Keyboard) Release(code uint16) error { return k.report(code, 0, true) }

// Tap sends a press and a release.
func (k *Keyboard) Tap(code uint16) error {
	if err := k.Press(code); err != nil {
		return err
	}
	return k.Release(code)
}

func (k *Keyboard) report(code uint16, value int32, scan bool) error {
	var b []byte
	t := time.Now()
	if k.Now != nil {
		t = k.Now()
	}
	if u, ok := hidUsage[code]; ok && scan {
		b = k.append(b, t, 0x04, 0x04, int32(0x70000|u)) // EV_MSC MSC_SCAN
	}
	b = k.append(b, t, 0x01, code, value) // EV_KEY
	b = k.append(b, t, 0x00, 0x00, 0)     // EV_SYN SYN_REPORT
	_, err := k.W.Write(b)
	return err
}

// append adds one struct input_event: timeval {long sec; long usec} then
// __u16 type, __u16 code, __s32 value.
func (k *Keyboard) append(b []byte, t time.Time, typ, code uint16, value int32) []byte {
	sec, usec := t.Unix(), int64(t.Nanosecond()/1000)
	switch k.Size {
	case 24:
		b = binary.NativeEndian.AppendUint64(b, uint64(sec))
		b = binary.NativeEndian.AppendUint64(b, uint64(usec))
	case 16:
		b = binary.NativeEndian.AppendUint32(b, uint32(sec))
		b = binary.NativeEndian.AppendUint32(b, uint32(usec))
	default:
		panic(fmt.Sprintf("evdevsim: Size %d is not 16 or 24", k.Size))
	}
	b = binary.NativeEndian.AppendUint16(b, typ)
	b = binary.NativeEndian.AppendUint16(b, code)
	return binary.NativeEndian.AppendUint32(b, uint32(value))
}
