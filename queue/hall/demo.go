package hall

import _ "embed"

//go:embed demo.toml
var demoTOML []byte

// Demo returns the built-in demo hall: six services from real halls, a
// green channel and other priority classes, ten windows of which three are
// 综合窗口, staff w1…w10 at windows 1…10 and a supervisor "admin", every
// PIN 1234, open around the clock.
func Demo() *Hall {
	h, err := Parse(demoTOML, "demo.toml")
	if err != nil {
		panic(err) // the embedded file is tested; this cannot happen at run time
	}
	h.demo = true
	return h
}

// DemoTOML returns the demo hall's file, a starting point for a real one.
func DemoTOML() []byte { return append([]byte(nil), demoTOML...) }

// IsDemo reports whether h is the built-in demo hall (made by Demo).
func (h *Hall) IsDemo() bool { return h.demo }
