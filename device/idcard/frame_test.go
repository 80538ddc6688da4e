package idcard

import (
	"bytes"
	"encoding/hex"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// hexBytes reads "AA AA 96 …" as bytes.
func hexBytes(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The request frames, byte for byte, as the modules' manuals print them.
func TestRequestGolden(t *testing.T) {
	tests := []struct {
		name string
		cmd  [2]byte
	}{
		{"find", CmdFind}, {"select", CmdSelect}, {"read", CmdRead}, {"reset", CmdReset}, {"status", CmdStatus},
	}
	var got bytes.Buffer
	for _, tc := range tests {
		got.WriteString(tc.name + " " + strings.ToUpper(hex.EncodeToString(Request(tc.cmd, nil))) + "\n")
	}
	path := filepath.Join("testdata", "requests.golden")
	if *update {
		if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	if got.String() != string(want) {
		t.Errorf("requests:\n%s\nwant:\n%s", got.String(), want)
	}
	// Independent of the golden file: the find frame as printed in the
	// protocol's examples.
	if f := Request(CmdFind, nil); !bytes.Equal(f, hexBytes(t, "AAAAAA96690003200122")) {
		t.Errorf("find = % X", f)
	}
}

func TestParseReply(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		status  Status
		data    int
		used    int
		wantErr error
	}{
		{"find ok", "AAAAAA9669 0008 00009F 00000000 97", StatusFound, 4, 15, nil},
		{"no card", "AAAAAA9669 0004 000080 84", StatusNoCard, 0, 11, nil},
		{"select ok", "AAAAAA9669 000C 000090 0000000000000000 9C", StatusOK, 8, 19, nil},
		{"select failed", "AAAAAA9669 0004 000081 85", StatusSelectFailed, 0, 11, nil},
		{"trailing bytes stay", "AAAAAA9669 0004 000080 84 AAAA", StatusNoCard, 0, 11, nil},
		{"bad check", "AAAAAA9669 0004 000080 85", 0, 0, 11, ErrCheck},
		{"cut in the data", "AAAAAA9669 0008 00009F 0000", 0, 0, 0, ErrShort},
		{"cut in the preamble", "AAAAAA", 0, 0, 0, ErrShort},
		{"empty", "", 0, 0, 0, ErrShort},
		{"bad preamble", "AAAA9669 0004 000080 84", 0, 0, 0, ErrFrame},
		{"length too small", "AAAAAA9669 0003 000080", 0, 0, 0, ErrFrame},
		{"length too large", "AAAAAA9669 FFFF 000080", 0, 0, 0, ErrFrame},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, used, err := ParseReply(hexBytes(t, tc.in))
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil) != (err == nil) {
				t.Fatalf("err %v, want %v", err, tc.wantErr)
			}
			if used != tc.used {
				t.Errorf("used %d, want %d", used, tc.used)
			}
			if err == nil && (r.Status() != tc.status || len(r.Data) != tc.data) {
				t.Errorf("status %v data %d, want %v %d", r.Status(), len(r.Data), tc.status, tc.data)
			}
		})
	}
}

func TestSync(t *testing.T) {
	for in, want := range map[string]int{
		"":                 0,
		"0102AAAAAA9669":   2,
		"AA01AAAA":         2,
		"0102":             2,
		"AAAAAA9669":       0,
		"AAAA96":           3, // AA AA 96 cannot begin AA AA AA 96 69 anywhere
		"01AAAAAA96690004": 1,
	} {
		if got := Sync(hexBytes(t, in)); got != want {
			t.Errorf("Sync(%s) = %d, want %d", in, got, want)
		}
	}
}

func TestStatusString(t *testing.T) {
	if s := StatusNoCard.String(); s != "0x80 no card" {
		t.Errorf("%q", s)
	}
	if s := Status(0x55).String(); s != "0x55 unknown status" {
		t.Errorf("%q", s)
	}
}

// FuzzParseReply: any bytes give a reply, or one of the three errors,
// never a panic; a reply re-encodes to exactly the bytes it took.
func FuzzParseReply(f *testing.F) {
	f.Add(hexBytes(f, "AAAAAA96690008 00009F 00000000 97"))
	f.Add(hexBytes(f, "AAAAAA9669 0004 000080 84"))
	f.Add(hexBytes(f, "AAAAAA9669 0004 000080 85"))
	f.Add([]byte{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x05, 0x08})
	f.Fuzz(func(t *testing.T, b []byte) {
		r, used, err := ParseReply(b)
		if err != nil {
			if !errors.Is(err, ErrShort) && !errors.Is(err, ErrFrame) && !errors.Is(err, ErrCheck) {
				t.Fatalf("unexpected error %v", err)
			}
			if used > len(b) {
				t.Fatalf("used %d of %d", used, len(b))
			}
			return
		}
		frame := append([]byte(nil), Preamble...)
		n := 3 + len(r.Data) + 1
		frame = append(frame, byte(n>>8), byte(n), r.SW1, r.SW2, r.SW3)
		frame = append(frame, r.Data...)
		frame = append(frame, xor(frame[5:]))
		if !bytes.Equal(frame, b[:used]) {
			t.Fatalf("re-encoded % X, parsed from % X", frame, b[:used])
		}
		if _, err := NumberFromBase(r.Data); err == nil && len(r.Data) < 4+NumberOffset+NumberLen {
			t.Fatalf("number from %d bytes", len(r.Data))
		}
	})
}
