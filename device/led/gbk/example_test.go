package gbk_test

import (
	"fmt"

	"halld/device/led/gbk"
)

func ExampleEncode() {
	fmt.Printf("% X\n", gbk.Encode("A001号"))
	fmt.Println(gbk.Decode(gbk.Encode("请😀")))
	// Output:
	// 41 30 30 31 BA C5
	// 请□
}
