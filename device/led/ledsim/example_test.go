package ledsim_test

import (
	"fmt"

	"halld/device/led/ledsim"
	"halld/device/led/textproto"
)

func ExampleSim() {
	sim := ledsim.New()
	sim.AddText(3, textproto.StripScreen())
	// What the host would write to the line.
	sim.Write([]byte{0xAA, 0x03, 0xBB, 0x51, 0x54, 0xCE, 0x01, 0x00, 0x99, 0x00, 0x63, 0x41, 0x30, 0x30, 0x31, 0xFF})
	d, _ := sim.Display(3)
	fmt.Println(d.Lines)
	// Output: [A001]
}
