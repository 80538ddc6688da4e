package idcardsim

import (
	"bytes"
	"encoding/hex"
	"net"
	"strings"
	"testing"
)

// exchange sends raw request bytes and returns the reply's n bytes.
func exchange(t *testing.T, m *Module, req string, n int) string {
	t.Helper()
	host, dev := net.Pipe()
	defer host.Close()
	go m.Serve(dev)
	b, _ := hex.DecodeString(strings.ReplaceAll(req, " ", ""))
	if _, err := host.Write(b); err != nil {
		t.Fatal(err)
	}
	out := make([]byte, n)
	for got := 0; got < n; {
		k, err := host.Read(out[got:])
		if err != nil {
			t.Fatal(err)
		}
		got += k
	}
	return strings.ToUpper(hex.EncodeToString(out))
}

// The module's replies, byte for byte, as the readers' manuals print them
// (independent of package idcard's decoder).
func TestRepliesLiteral(t *testing.T) {
	m := New()
	if got := exchange(t, m, "AA AA AA 96 69 00 03 20 01 22", 11); got != "AAAAAA9669000400008084" {
		t.Errorf("find, no card: %s", got)
	}
	m.Place(TestCard(1))
	if got := exchange(t, m, "AA AA AA 96 69 00 03 20 01 22", 15); got != "AAAAAA966900080000"+"9F0000000097" {
		t.Errorf("find: %s", got)
	}
	if got := exchange(t, m, "AA AA AA 96 69 00 03 20 02 21", 19); got != "AAAAAA9669000C0000900000000000000000"+"9C" {
		t.Errorf("select: %s", got)
	}
	// A request with a wrong check byte: the module's status 10.
	if got := exchange(t, m, "01 02 AA AA AA 96 69 00 03 20 01 23", 11); got != "AAAAAA9669000400001014" {
		t.Errorf("bad check: %s", got)
	}
	if got := exchange(t, m, "AA AA AA 96 69 00 03 77 01 75", 11); got != "AAAAAA9669000400002125" {
		t.Errorf("unknown command: %s", got)
	}
}

func TestReadReplyLayout(t *testing.T) {
	m := New()
	c := TestCard(5)
	m.Place(c)
	got := exchange(t, m, "AA AA AA 96 69 00 03 30 01 32", 1295)
	b, _ := hex.DecodeString(got)
	if !bytes.Equal(b[:14], []byte{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x05, 0x08, 0, 0, 0x90, 0x01, 0x00, 0x04, 0x00}) {
		t.Fatalf("head % X", b[:14])
	}
	text := b[14 : 14+256]
	var num []byte
	for i := 122; i < 122+36; i += 2 {
		num = append(num, text[i])
		if text[i+1] != 0 {
			t.Fatalf("number char %d is not ASCII in UCS-2 LE", i)
		}
	}
	if string(num) != c.Number {
		t.Fatalf("number field %q, want %q", num, c.Number)
	}
	var x byte
	for _, v := range b[5 : len(b)-1] {
		x ^= v
	}
	if x != b[len(b)-1] {
		t.Fatal("check byte")
	}
}

func TestTestCardNumbersAreValid(t *testing.T) {
	seen := map[string]bool{}
	for i := 1; i <= 200; i++ {
		n := TestCard(i).Number
		if len(n) != 18 || seen[n] {
			t.Fatalf("card %d: %q", i, n)
		}
		seen[n] = true
		// MOD 11-2 with X as 10: the weighted sum of all 18 is 1 mod 11.
		sum, w := 0, 1
		for j := 17; j >= 0; j-- {
			v := int(n[j] - '0')
			if n[j] == 'X' {
				v = 10
			}
			sum += v * w
			w = w * 2 % 11
		}
		if sum%11 != 1 {
			t.Fatalf("card %d: %s fails its check", i, n)
		}
	}
}
