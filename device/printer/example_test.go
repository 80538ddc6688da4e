package printer_test

import (
	"context"
	"fmt"
	"time"

	"halld/device/escpos"
	"halld/device/gbk"
	"halld/device/printer"
	"halld/device/printer/printersim"
)

func Example() {
	// In halld the Opener comes from configuration:
	//   open, err := printer.Config{Transport: "usb", USBPath: "/dev/usb/lp0"}.Opener()
	// Here a simulated printer stands in for the device.
	sim := printersim.New(gbk.GBK)
	open := func() (printer.Conn, error) { return sim.Open() }
	p := printer.New(open, printer.Config{PollInterval: time.Second}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- p.Run(ctx) }()

	job, _ := escpos.NewBuilder(escpos.Options{}).Init().Align(escpos.Center).
		Size(2, 2).Line("A001").Size(1, 1).Line("请到3号窗口").Feed(3).Cut(0).Bytes()
	if _, err := p.Print(ctx, job); err != nil {
		fmt.Println("not printed:", err)
	}
	fmt.Printf("%q\n", sim.Tickets()[0].Lines())
	fmt.Println(p.State().Condition)
	cancel()
	<-done
	// Output:
	// ["A001" "请到3号窗口"]
	// ready
}
