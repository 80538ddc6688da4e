package evdev_test

import (
	"bytes"
	"context"
	"fmt"

	"halld/device/keypad"
	"halld/device/keypad/evdev"
	"halld/device/keypad/evdev/evdevsim"
)

func ExampleOpen() {
	d, err := evdev.Open(evdev.Config{Path: "/dev/input/by-id/usb-0000_keypad-event-kbd"}, nil)
	if err != nil {
		fmt.Println("keypad missing, degraded mode")
		return
	}
	defer d.Close()
	_ = d.Run(context.Background(), func(l keypad.Level) { fmt.Println(l) })
	// Output: keypad missing, degraded mode
}

func ExampleReadPresses() {
	var buf bytes.Buffer
	kb := &evdevsim.Keyboard{W: &buf, Size: 24}
	_ = kb.Press(evdev.KeyKP5)
	_ = kb.Repeat(evdev.KeyKP5) // held: auto-repeat is not a press
	_ = kb.Release(evdev.KeyKP5)
	_ = kb.Tap(evdev.KeyF2)

	r, _ := evdev.NewReader(&buf, 24)
	_ = evdev.ReadPresses(r, evdev.DefaultKeys(), func(l keypad.Level) { fmt.Println(int(l), l) }, nil)
	// Output:
	// 5 非常满意
	// 2 不满意
}
