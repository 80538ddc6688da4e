package caller_test

import (
	"fmt"

	"halld/device/caller"
)

// A caller's 确认 with 6 (弃号), as it goes on the wire, and back.
func ExampleEncode() {
	b, _ := caller.Encode(caller.Frame{Addr: 0x03, Func: caller.FuncConfirm, Data: []byte{caller.ConfirmNoShow}})
	fmt.Printf("% X\n", b)
	var d caller.Decoder
	for _, f := range d.Feed(b) {
		fmt.Printf("addr %d func %02X data %v\n", f.Addr, f.Func, f.Data)
	}
	// Output:
	// FF 68 03 03 68 03 0F 06 18 16
	// addr 3 func 0F data [6]
}

// The host shows ticket A042 on caller 2: three digits, no prefix.
func ExampleDisplay() {
	b, _ := caller.Display(0x02, "042")
	fmt.Printf("% X\n", b)
	// Output:
	// FF 68 05 05 68 02 20 30 34 32 B8 16
}
