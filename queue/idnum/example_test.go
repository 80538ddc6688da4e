package idnum_test

import (
	"fmt"

	"halld/queue/idnum"
)

func ExampleCheck() {
	fmt.Println(idnum.Check("11010519491231002X"))
	fmt.Println(idnum.Check("110105194912310021"))
	fmt.Println(idnum.Check(idnum.Normalize("11010519491231002x")))
	// Output:
	// <nil>
	// idnum: check character does not match
	// <nil>
}
