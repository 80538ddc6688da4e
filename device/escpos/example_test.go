package escpos_test

import (
	"fmt"

	"halld/device/escpos"
	"halld/device/gbk"
)

func ExampleBuilder() {
	b := escpos.NewBuilder(escpos.Options{Charset: gbk.GB2312, Replacement: '□'})
	b.Init().Chinese(true).Align(escpos.Center).Size(2, 2).Bold(true).Line("A001").
		Size(1, 1).Bold(false).Line("请到3号窗口").
		QR("https://hall.example.com/A001", 6, escpos.QRLevelM).Feed(3).Cut(0)
	job, err := b.Bytes()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("% X\n", job[:10])
	fmt.Println(len(job), "bytes")
	// Output:
	// 1B 40 1C 26 1B 61 01 1D 21 11
	// 113 bytes
}

func ExampleLayout() {
	l := escpos.Layout{Enc: gbk.NewEncoder(gbk.GBK, '□', '□'), Cols: escpos.Paper58.Cols(2)}
	for _, line := range l.Wrap("温馨提示：请携带身份证及相关材料，过号无效") {
		fmt.Printf("%q\n", line)
	}
	fmt.Printf("%q\n", l.Center("A001"))
	// Output:
	// "温馨提示：请携带"
	// "身份证及相关材"
	// "料，过号无效"
	// "      A001"
}

func ExampleReplyParser() {
	var p escpos.ReplyParser
	var s escpos.Status
	// Reply to DLE EOT 4, an unsolicited status byte, then the GS r 1 reply.
	for _, r := range p.Parse(nil, []byte{0x1E, 0x12, 0x00}) {
		fmt.Println(r.Kind, fmt.Sprintf("%02X", r.Byte))
	}
	_ = s.Apply(4, 0x72)
	fmt.Println("paper out:", s.PaperOut)
	// Output:
	// status 1E
	// status 12
	// in-sequence 00
	// paper out: true
}

func ExampleDecode() {
	job := []byte("\x1b@\x1ba\x01\x1d!\x11A001\n\x1d!\x00\xc7\xeb\xb5\xbd3\xba\xc5\xb4\xb0\xbf\xda\n\x1dVB\x00")
	doc := escpos.Decode(gbk.GBK, job)
	fmt.Print(doc.Render(escpos.Paper58))
	// Output:
	//             A 0 0 1
	//           请到3号窗口
	// -------------------------------- cut
}
