package gsm

import (
	"strings"
	"testing"
)

func TestParseLine(t *testing.T) {
	tests := []struct {
		in   string
		want Line
	}{
		{"OK", Line{Kind: OK}},
		{"OK\r", Line{Kind: OK}},
		{"ERROR", Line{Kind: Error, Code: -1, Text: "ERROR"}},
		{"NO CARRIER", Line{Kind: Error, Code: -1, Text: "NO CARRIER"}},
		{"+CMS ERROR: 500", Line{Kind: CMSError, Code: 500}},
		{"+CME ERROR: 10", Line{Kind: CMEError, Code: 10}},
		{"+CME ERROR: SIM not inserted", Line{Kind: CMEError, Code: -1, Text: "SIM not inserted"}},
		{"+CMGS: 12", Line{Kind: Info, Name: "+CMGS", Value: "12"}},
		{"+CSQ: 21,0", Line{Kind: Info, Name: "+CSQ", Value: "21,0"}},
		{"+CPIN: READY", Line{Kind: Info, Name: "+CPIN", Value: "READY"}},
		{">", Line{Kind: Prompt}},
		{"AT+CSQ", Line{Kind: Info, Value: "AT+CSQ"}},
		{"SIMCOM_SIM800L", Line{Kind: Info, Value: "SIMCOM_SIM800L"}},
		{"+X Y: 1", Line{Kind: Info, Value: "+X Y: 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := ParseLine(tt.in); got != tt.want {
				t.Fatalf("ParseLine(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseCSQ(t *testing.T) {
	tests := []struct {
		in   string
		want Signal
		ok   bool
	}{
		{"21,0", Signal{21, 0}, true},
		{"99,99", Signal{99, 99}, true},
		{" 0 , 7", Signal{0, 7}, true},
		{"32,0", Signal{}, false},
		{"21", Signal{}, false},
		{"a,b", Signal{}, false},
	}
	for _, tt := range tests {
		got, err := ParseCSQ(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseCSQ(%q) = %+v, %v", tt.in, got, err)
		}
	}
	if s := (Signal{RSSI: 21}); s.DBm() != -71 || !s.Known() {
		t.Errorf("DBm = %d", s.DBm())
	}
}

func TestParseCMGS(t *testing.T) {
	for in, want := range map[string]int{"12": 12, "0": 0, "255,\"26/12/02,16:00:00+32\"": 255} {
		if got, err := ParseCMGS(in); err != nil || got != want {
			t.Errorf("ParseCMGS(%q) = %d, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "256", "-1", "x"} {
		if _, err := ParseCMGS(in); err == nil {
			t.Errorf("ParseCMGS(%q) accepted", in)
		}
	}
}

// FuzzParseLine: any line parses without panic, finals are consistent and
// error codes are never negative unless unknown.
func FuzzParseLine(f *testing.F) {
	for _, s := range []string{"OK", "+CMS ERROR: 500", "+CME ERROR: SIM busy", "+CMGS: 3", "> ", "+CSQ: 99,99", "\x00+:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l := ParseLine(s)
		if l.Final() != (l.Kind == OK || l.Kind == Error || l.Kind == CMEError || l.Kind == CMSError) {
			t.Fatalf("Final inconsistent for %+v", l)
		}
		if (l.Kind == CMSError || l.Kind == CMEError) && l.Code < 0 && l.Text == "" && strings.TrimSpace(s) != "" {
			// a code that is neither a number nor text: only an empty value
			if !strings.HasSuffix(strings.TrimSpace(strings.TrimRight(s, "\r\n")), ":") {
				t.Fatalf("error without code or text: %q → %+v", s, l)
			}
		}
		if l.Kind == Info && l.Name != "" && !strings.HasPrefix(l.Name, "+") {
			t.Fatalf("name %q", l.Name)
		}
		ParseCSQ(l.Value)
		ParseCMGS(l.Value)
	})
}
