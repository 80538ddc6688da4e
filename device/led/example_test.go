package led_test

import (
	"context"
	"fmt"
	"time"

	"halld/device/led"
	"halld/device/led/bx"
	"halld/device/led/ledsim"
	"halld/device/led/textproto"
)

func Example() {
	// In production rw is a *serialport.Port; here the simulated boards.
	sim := ledsim.New()
	sim.AddBX(1)
	sim.AddText(2, textproto.StripScreen())
	defer sim.Close()

	card, _ := bx.New(bx.DefaultConfig())
	bus, _ := led.New(led.Config{Baud: 9600}, []led.Board{
		{Addr: 1, Protocol: card},
		{Addr: 2, Protocol: textproto.StripScreen()},
	}, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	go bus.Run(ctx, sim)

	bus.Show(1, []string{"A001", "请到1号窗口"}, led.Call)
	bus.Show(2, []string{"暂停服务"}, led.Idle)
	for {
		ch := bus.Changed()
		st := bus.Status()
		if st[0].State == led.StateOK && st[1].State == led.StateOK {
			break
		}
		<-ch
	}
	for _, d := range sim.Displays() {
		fmt.Println(d.Addr, d.Lines)
	}
	// Output:
	// 1 [A001 请到1号窗口]
	// 2 [暂停服务]
}
