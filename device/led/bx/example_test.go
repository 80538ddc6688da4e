package bx_test

import (
	"fmt"

	"halld/device/led/bx"
)

func ExamplePing() {
	b, _ := bx.Ping(1).MarshalBinary()
	fmt.Printf("% X\n", b)
	// Output: A5 A5 A5 A5 A5 A5 A5 A5 01 00 00 80 00 00 00 00 00 00 FE 02 05 00 A2 00 01 00 00 68 F8 5A
}

func ExampleProtocol() {
	p, _ := bx.New(bx.DefaultConfig())
	frame, _ := p.Encode(3, []string{"A001", "请到3号窗口"})

	// The card answers with CmdError 00.
	req, _ := bx.Parse(frame)
	reply, _ := bx.Reply(req, 0, nil).MarshalBinary()
	done, err := p.Reply(3, reply)
	fmt.Println(len(frame), done, err)
	// Output: 96 true <nil>
}

func ExampleDecoder() {
	ping, _ := bx.Ping(7).MarshalBinary()
	var d bx.Decoder
	stream := append([]byte{0x00, 0x13, 0x5A}, ping...) // noise first
	for _, f := range d.Feed(stream) {
		fmt.Printf("frame to %d: %02X %02X, %d bytes dropped\n", f.Dst, f.Group, f.Cmd, d.Dropped)
	}
	// Output: frame to 7: A2 00, 3 bytes dropped
}
