package printersim

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"halld/device/escpos"
	"halld/device/gbk"
)

// exchange writes w and returns what the printer sent back.
func exchange(t *testing.T, p *Printer, c *Conn, w []byte) []byte {
	t.Helper()
	if _, err := c.Write(w); err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	out := p.out
	p.out = nil
	p.mu.Unlock()
	return out
}

func TestStatusReplies(t *testing.T) {
	q := []byte{0x10, 4, 1, 0x10, 4, 2, 0x10, 4, 3, 0x10, 4, 4, 0x1D, 'r', 1}
	tests := []struct {
		name  string
		state State
		want  []byte
	}{
		{"fine", State{}, []byte{0x12, 0x12, 0x12, 0x12, 0x00}},
		{"near end", State{Paper: PaperNearEnd}, []byte{0x12, 0x12, 0x12, 0x1E, 0x03}},
		{"paper out holds GS r", State{Paper: PaperOut}, []byte{0x1A, 0x32, 0x12, 0x72}},
		{"cover open", State{CoverOpen: true}, []byte{0x1A, 0x16, 0x12, 0x12}},
		{"cutter", State{CutterError: true}, []byte{0x1A, 0x52, 0x1A, 0x12}},
		{"powered off", State{PoweredOff: true}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := New(gbk.GBK)
			c, _ := p.Open()
			p.Set(tt.state)
			if got := exchange(t, p, c, q); !bytes.Equal(got, tt.want) {
				t.Errorf("got % X want % X", got, tt.want)
			}
		})
	}
}

func TestHeldUntilReload(t *testing.T) {
	p := New(gbk.GBK)
	c, _ := p.Open()
	p.Set(State{Paper: PaperOut})
	job, _ := escpos.NewBuilder(escpos.Options{}).Line("A001").Cut(0).AckRequest().Bytes()
	if got := exchange(t, p, c, job); len(got) != 0 || p.Held() != len(job) || len(p.Tickets()) != 0 {
		t.Fatalf("paper out: reply % X held %d tickets %d", got, p.Held(), len(p.Tickets()))
	}
	p.Set(State{})
	tk := p.Tickets()
	if len(tk) != 1 || tk[0].Lines()[0] != "A001" || p.Held() != 0 {
		t.Fatalf("after reload: %+v", tk)
	}
	if got := exchange(t, p, c, nil); !bytes.Equal(got, []byte{0x00}) {
		t.Errorf("late ack % X", got)
	}
}

func TestRealtimeInsideData(t *testing.T) {
	p := New(gbk.GBK)
	c, _ := p.Open()
	job, _ := escpos.NewBuilder(escpos.Options{}).QR("a\x10\x04\x04b", 3, escpos.QRLevelL).Bytes()
	// Split the DLE EOT across two writes.
	i := bytes.Index(job, []byte{0x10, 0x04})
	got := exchange(t, p, c, job[:i+1])
	got = append(got, exchange(t, p, c, job[i+1:])...)
	if !bytes.Equal(got, []byte{0x12}) {
		t.Errorf("unsolicited reply % X", got)
	}
	doc := p.Printed()
	if qr, ok := doc.Elements[0].(escpos.QRCode); !ok || string(qr.Data) != "a\x10\x04\x04b" {
		t.Errorf("printed %#v", doc.Elements)
	}
}

func TestUnplugAndASB(t *testing.T) {
	p := New(gbk.GBK)
	c, _ := p.Open()
	p.SetASB(true)
	p.Set(State{CoverOpen: true})
	buf := make([]byte, 16)
	n, err := c.Read(buf)
	if err != nil || !bytes.Equal(buf[:n], []byte{0x10, 0, 0, 0, 0x38, 0, 0, 0}) {
		t.Fatalf("ASB % X %v", buf[:n], err)
	}
	p.Set(State{Unplugged: true})
	if _, err := c.Read(buf); !errors.Is(err, ErrUnplugged) {
		t.Errorf("read: %v", err)
	}
	if _, err := c.Write([]byte{1}); !errors.Is(err, ErrUnplugged) {
		t.Errorf("write: %v", err)
	}
	if _, err := p.Open(); !errors.Is(err, ErrUnplugged) {
		t.Errorf("open: %v", err)
	}
	p.Set(State{})
	c2, err := p.Open()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Read(buf); err != io.EOF {
		t.Errorf("old handle: %v", err)
	}
	p.Inject(0xFF)
	if n, err := c2.Read(buf); err != nil || n != 1 || buf[0] != 0xFF {
		t.Errorf("inject: % X %v", buf[:n], err)
	}
}
