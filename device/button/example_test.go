package button_test

import (
	"context"
	"fmt"
	"time"

	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/gpio/gpiotest"

	"halld/device/button"
)

func ExampleOpen() {
	b, err := button.Open(button.Config{ID: "social-security", Pin: "GPIO17"}, nil)
	if err != nil {
		fmt.Println("degraded mode, no button:", err != nil)
		return
	}
	_ = b.Run(context.Background(), func(p button.Press) { fmt.Println("ticket for", p.ID) })
}

func ExampleButton_Run() {
	pin := &gpiotest.Pin{N: "GPIO17", EdgesChan: make(chan gpio.Level, 8)}
	b, _ := button.New(pin, button.Config{ID: "tax", Poll: 10 * time.Millisecond}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	pin.EdgesChan <- gpio.Low // pressed, with some bounce
	pin.EdgesChan <- gpio.High
	pin.EdgesChan <- gpio.Low
	_ = b.Run(ctx, func(p button.Press) {
		fmt.Println("ticket for", p.ID)
		cancel()
	})
	fmt.Println(b.Stats().Presses)
	// Output:
	// ticket for tax
	// 1
}
