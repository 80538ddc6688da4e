package keypad_test

import (
	"fmt"
	"time"

	"halld/device/keypad"
)

func ExampleGate() {
	g := keypad.NewGate(keypad.GateConfig{Deliver: func(r keypad.Result) {
		fmt.Println(r.Ref, r.Outcome, r.Level)
	}})
	g.Press(keypad.Satisfied) // not armed: ignored
	_ = g.Arm("A001", 30*time.Second)
	g.Press(keypad.VerySatisfied) // answers A001
	g.Press(keypad.Dissatisfied)  // repeat: ignored
	fmt.Printf("%+v\n", g.Stats())
	// Output:
	// A001 answered 非常满意
	// {Answered:1 NoAnswer:0 Cancelled:0 IgnoredDisarmed:1 IgnoredRepeat:1 IgnoredLate:0 IgnoredInvalid:0}
}
