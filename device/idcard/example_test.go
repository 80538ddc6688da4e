package idcard_test

import (
	"context"
	"fmt"
	"net"

	"halld/device/idcard"
	"halld/device/idcard/idcardsim"
)

func ExampleRequest() {
	fmt.Printf("% X\n", idcard.Request(idcard.CmdFind, nil))
	fmt.Printf("% X\n", idcard.Request(idcard.CmdRead, nil))
	// Output:
	// AA AA AA 96 69 00 03 20 01 22
	// AA AA AA 96 69 00 03 30 01 32
}

func ExampleParseReply() {
	r, n, err := idcard.ParseReply([]byte{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x04, 0x00, 0x00, 0x80, 0x84})
	fmt.Println(r.Status(), n, err)
	// Output: 0x80 no card 11 <nil>
}

// A module on a serial port in a hall; here the simulated one in memory.
func ExampleModule_ReadNumber() {
	host, dev := net.Pipe()
	defer host.Close()
	sim := idcardsim.New()
	go sim.Serve(dev)
	sim.Place(idcardsim.Card{Name: "张三", Number: "11010519491231002X"})

	m := idcard.NewModule(host, idcard.ModuleConfig{})
	number, found, err := m.ReadNumber(context.Background())
	fmt.Println(number, found, err)
	// Output: 11010519491231002X true <nil>
}
