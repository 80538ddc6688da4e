package textproto_test

import (
	"fmt"

	"halld/device/gbk"
	"halld/device/led/textproto"
)

func ExampleStripScreen() {
	frame, _ := textproto.StripScreen().Encode(3, []string{"A001"})
	fmt.Printf("% X\n", frame)
	// Output: AA 03 BB 51 54 CE 01 00 99 00 63 41 30 30 31 FF
}

func ExampleDecoder() {
	f := textproto.AtText()
	frame, _ := f.Encode(5, []string{"请A001号"})
	d := textproto.Decoder{Format: f}
	for _, m := range d.Feed(append([]byte{0x00, 0x0D}, frame...)) {
		fmt.Println(m.Addr, gbk.Decode(m.Text))
	}
	// Output: 5 请A001号
}
