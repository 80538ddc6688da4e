package escpos

import (
	"errors"
	"reflect"
	"testing"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		c    byte
		want Kind
	}{
		{0x12, KindStatus}, {0x1A, KindStatus}, {0x16, KindStatus}, {0x32, KindStatus},
		{0x1E, KindStatus}, {0x72, KindStatus}, {0x7E, KindStatus},
		{0x10, KindASB}, {0x18, KindASB}, {0x30, KindASB},
		{0x00, KindInSequence}, {0x0F, KindInSequence}, {0x03, KindInSequence}, {0x0C, KindInSequence},
		{0x11, KindXON}, {0x13, KindXOFF},
		{0x80, KindUnknown}, {0xFF, KindUnknown}, {0x93, KindUnknown},
	}
	for _, tt := range tests {
		if got := Classify(tt.c); got != tt.want {
			t.Errorf("Classify(%#02x) = %v, want %v", tt.c, got, tt.want)
		}
	}
}

func TestReplyParser(t *testing.T) {
	st := func(c byte) Reply { return Reply{Kind: KindStatus, Byte: c} }
	tests := []struct {
		name   string
		chunks [][]byte
		want   []Reply
	}{
		{"status then ack", [][]byte{{0x12, 0x00}}, []Reply{st(0x12), {Kind: KindInSequence, Byte: 0}}},
		{"asb split across reads", [][]byte{{0x18, 0x00}, {0x0C}, {0x00, 0x12}},
			[]Reply{{Kind: KindASB, Byte: 0x18, ASB: [4]byte{0x18, 0, 0x0C, 0}}, st(0x12)}},
		{"xoff inside asb", [][]byte{{0x10, 0x13, 0x00, 0x00, 0x11, 0x00}},
			[]Reply{{Kind: KindXOFF, Byte: 0x13}, {Kind: KindXON, Byte: 0x11}, {Kind: KindASB, Byte: 0x10, ASB: [4]byte{0x10, 0, 0, 0}}}},
		{"broken asb", [][]byte{{0x10, 0x00, 0x72}},
			[]Reply{{Kind: KindUnknown, Byte: 0x10}, {Kind: KindUnknown, Byte: 0x00}, st(0x72)}},
		{"noise", [][]byte{{0xFF, 0x12}}, []Reply{{Kind: KindUnknown, Byte: 0xFF}, st(0x12)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p ReplyParser
			var got []Reply
			for _, c := range tt.chunks {
				got = p.Parse(got, c)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// FuzzReplyParser: every input byte comes out exactly once, in order,
// however the stream is split; nothing panics.
func FuzzReplyParser(f *testing.F) {
	f.Add([]byte{0x12, 0x10, 0x00, 0x13, 0x00, 0x00, 0x72}, 3)
	f.Add([]byte{0x10, 0x10, 0x10, 0x00}, 1)
	f.Fuzz(func(t *testing.T, p []byte, split int) {
		var r ReplyParser
		if split <= 0 {
			split = 1
		}
		var got []Reply
		for i := 0; i < len(p); i += split {
			got = r.Parse(got, p[i:min(i+split, len(p))])
		}
		var out []byte
		for _, rep := range got {
			if rep.Kind == KindASB {
				out = append(out, rep.ASB[:]...)
				if rep.ASB[0]&0x93 != 0x10 {
					t.Fatalf("bad ASB %x", rep.ASB)
				}
				continue
			}
			if rep.Kind != KindUnknown && Classify(rep.Byte) != rep.Kind {
				t.Fatalf("%#02x reported as %v", rep.Byte, rep.Kind)
			}
			out = append(out, rep.Byte)
		}
		held := 0
		if r.Pending() {
			held = r.n
		}
		// XON/XOFF inside an ASB are reported before it: compare as multisets
		// by counting, and check the total.
		if len(out)+held != len(p) {
			t.Fatalf("in %d bytes, out %d + held %d", len(p), len(out), held)
		}
		count := map[byte]int{}
		for _, c := range p {
			count[c]++
		}
		for _, c := range out {
			count[c]--
		}
		for i := 0; i < held; i++ {
			count[r.asb[i]]--
		}
		for c, n := range count {
			if n != 0 {
				t.Fatalf("byte %#02x off by %d", c, n)
			}
		}
	})
}

func TestStatusApply(t *testing.T) {
	tests := []struct {
		n    int
		c    byte
		want Status
	}{
		{1, 0x12, Status{}},
		{1, 0x1A, Status{Offline: true}},
		{2, 0x16, Status{CoverOpen: true}},
		{2, 0x32, Status{PaperEndStop: true}},
		{2, 0x52, Status{Error: true}},
		{3, 0x1A, Status{CutterError: true}},
		{3, 0x52, Status{AutoRecoverableError: true}},
		{4, 0x12, Status{}},
		{4, 0x1E, Status{PaperNearEnd: true}},
		{4, 0x72, Status{PaperOut: true}},
		{4, 0x7E, Status{PaperNearEnd: true, PaperOut: true}},
	}
	for _, tt := range tests {
		var s Status
		if err := s.Apply(tt.n, tt.c); err != nil || s != tt.want {
			t.Errorf("Apply(%d, %#02x) = %+v %v, want %+v", tt.n, tt.c, s, err, tt.want)
		}
		if got := EncodeStatus(tt.want, tt.n); got != tt.c {
			t.Errorf("EncodeStatus(%+v, %d) = %#02x, want %#02x", tt.want, tt.n, got, tt.c)
		}
	}
	var s Status
	if err := s.Apply(1, 0x00); !errors.Is(err, ErrNotStatus) {
		t.Errorf("0x00 accepted: %v", err)
	}
	if err := s.Apply(5, 0x12); !errors.Is(err, ErrArgument) {
		t.Errorf("n=5 accepted: %v", err)
	}
}

func TestASBAndAck(t *testing.T) {
	s := Status{Offline: true, CoverOpen: true, CutterError: true, PaperNearEnd: true}
	a := EncodeASB(s)
	if a != [4]byte{0x38, 0x08, 0x03, 0x00} {
		t.Errorf("EncodeASB = % X", a)
	}
	if got := StatusFromASB(a); got != s {
		t.Errorf("round trip %+v", got)
	}
	if ne, out := AckPaper(0x0F); !ne || !out {
		t.Error("0F is near end and out")
	}
	if ne, out := AckPaper(0x00); ne || out {
		t.Error("00 is fine")
	}
	if EncodeAck(false, true) != 0x0C || EncodeAck(true, false) != 0x03 {
		t.Error("EncodeAck")
	}
}
