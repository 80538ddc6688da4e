package button_test

import (
	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/gpio/gpiotest"
)

type testPin interface {
	gpio.PinIn
	Out(gpio.Level) error
}

func newTestPin(name string) (testPin, chan gpio.Level) {
	ch := make(chan gpio.Level, 64)
	return &gpiotest.Pin{N: name, EdgesChan: ch}, ch
}
