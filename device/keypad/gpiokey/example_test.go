package gpiokey_test

import (
	"context"
	"fmt"

	"halld/device/keypad"
	"halld/device/keypad/gpiokey"
)

func ExampleOpen() {
	k, err := gpiokey.Open(gpiokey.Config{Pins: map[keypad.Level]string{
		5: "GPIO5", 4: "GPIO6", 3: "GPIO13", 2: "GPIO19", 1: "GPIO26",
	}}, nil)
	if err != nil {
		fmt.Println("keypad missing, degraded mode")
		return
	}
	g := keypad.NewGate(keypad.GateConfig{Deliver: func(r keypad.Result) { fmt.Println(r.Ref, r.Level) }})
	_ = k.Run(context.Background(), g.Press)
}
