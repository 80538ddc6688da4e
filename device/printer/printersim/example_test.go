package printersim_test

import (
	"fmt"

	"halld/device/escpos"
	"halld/device/gbk"
	"halld/device/printer/printersim"
)

func ExamplePrinter() {
	sim := printersim.New(gbk.GBK)
	c, _ := sim.Open()
	sim.Set(printersim.State{Paper: printersim.PaperNearEnd})

	c.Write([]byte{0x10, 0x04, 0x04}) // DLE EOT 4
	job, _ := escpos.NewBuilder(escpos.Options{}).Line("A001").Cut(0).AckRequest().Bytes()
	c.Write(job)

	reply := make([]byte, 8)
	n, _ := c.Read(reply)
	fmt.Printf("% X\n", reply[:n])
	fmt.Println(sim.Tickets()[0].Lines())
	// Output:
	// 1E 03
	// [A001]
}
