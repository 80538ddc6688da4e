package serialkey_test

import (
	"context"
	"fmt"
	"time"

	"halld/device/keypad"
	"halld/device/keypad/serialkey"
	"halld/device/serialport"
)

func ExampleDecoder() {
	// AA 55 | address | key | sum of address and key
	d, _ := serialkey.NewDecoder(serialkey.Config{
		Header: []byte{0xAA, 0x55}, Length: 5, AddrOffset: 2, KeyOffset: 3, Address: 0x01,
		Checksum: serialkey.Sum8, CheckFrom: 2,
		Keys: map[byte]keypad.Level{0x01: 5, 0x02: 4, 0x03: 3, 0x04: 2, 0x05: 1},
	})
	for _, k := range d.Feed([]byte{0x13, 0xAA, 0x55, 0x01, 0x02, 0x03, 0xAA, 0x55}) {
		fmt.Println(k.Addr, k.Code, k.Level)
	}
	fmt.Println(len(d.Feed([]byte{0x01, 0x01, 0x02})))
	// Output:
	// 1 2 满意
	// 1
}

func ExampleOpen() {
	k, err := serialkey.Open(
		serialport.Config{Path: "/dev/ttyUSB1", Baud: 9600, ReadTimeout: 200 * time.Millisecond},
		serialkey.Config{Header: []byte{0x7E}, Length: 4, KeyOffset: 1, Checksum: serialkey.CRC16Modbus,
			Keys: map[byte]keypad.Level{0x31: 5, 0x32: 4, 0x33: 3, 0x34: 2, 0x35: 1}},
		nil)
	if err != nil {
		fmt.Println("keypad missing, degraded mode")
		return
	}
	defer k.Close()
	g := keypad.NewGate(keypad.GateConfig{Deliver: func(r keypad.Result) { fmt.Println(r.Ref, r.Level) }})
	_ = k.Run(context.Background(), g.Press)
}
