package gpiokey_test

import (
	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/gpio/gpiotest"
)

func newTestPin(name string) (gpio.PinIn, chan gpio.Level) {
	ch := make(chan gpio.Level, 64)
	return &gpiotest.Pin{N: name, EdgesChan: ch}, ch
}
