package serialport_test

import (
	"errors"
	"fmt"
	"time"

	"halld/device/serialport"
)

func ExampleOpen() {
	port, err := serialport.Open(serialport.Config{
		Path:        "/dev/ttyUSB0",
		Baud:        9600,
		ReadTimeout: 200 * time.Millisecond,
	})
	if err != nil {
		fmt.Println("degraded mode:", err != nil)
		return
	}
	defer port.Close()
	buf := make([]byte, 64)
	n, err := port.Read(buf)
	if errors.Is(err, serialport.ErrTimeout) {
		fmt.Println("nothing received")
	}
	_ = n
}

func ExampleConfig_Validate() {
	err := serialport.Config{Path: "/dev/ttyS0", Baud: 9600, Parity: "X", ReadTimeout: time.Second}.Validate()
	fmt.Println(err)
	// Output: serialport: invalid config: Parity: "X" is not N, E or O
}
