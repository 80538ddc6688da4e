package gbk_test

import (
	"fmt"

	"halld/device/gbk"
)

func ExampleEncode() {
	fmt.Printf("% X\n", gbk.Encode("A001号"))
	fmt.Println(gbk.Decode(gbk.Encode("请😀")))
	// Output:
	// 41 30 30 31 BA C5
	// 请□
}

func ExampleEncoder() {
	// A printer whose font holds GB2312 only: 镕 (GBK extension) is replaced.
	e := gbk.NewEncoder(gbk.GB2312, '?', '□')
	fmt.Printf("% X\n", e.Encode("朱镕基\n"))
	fmt.Printf("%q %d\n", e.Printable("朱镕基\n"), e.Width("朱镕基\n"))
	fmt.Printf("%q\n", e.Truncate("请到3号窗口", 6))
	fmt.Println(gbk.GB2312.Covers("朱镕基"), gbk.GBK.Covers("朱镕基"))
	// Output:
	// D6 EC A1 F5 BB F9 20
	// "朱□基 " 7
	// "请到3"
	// false true
}

func ExampleRows() {
	for _, row := range gbk.Rows(gbk.Encode("A001请到3号窗口"), 8) {
		fmt.Printf("%q\n", gbk.Decode(row))
	}
	// Output:
	// "A001请到"
	// "3号窗口"
}
