package api

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"halld/queue/audit"
)

func TestAuditCSVDefusesFormulas(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))
	got := string(auditCSV([]audit.Entry{{Seq: 7, At: at, Actor: "w3", What: "叫号", Object: "A001", Window: 3,
		Origin: audit.Origin{Remote: "10.0.0.1:1", Terminal: "=HYPERLINK(\"x\")", Agent: "+cmd, \"q\""}}}))
	want := "\ufeff序号,时间,工号,姓名,角色,操作,对象,窗口,地址,终端,浏览器,类型\r\n" +
		"7,2026-11-23 09:30:00,w3,,,叫号,A001,3,10.0.0.1:1,\"'=HYPERLINK(\"\"x\"\")\",\"'+cmd, \"\"q\"\"\",\r\n"
	if got != want {
		t.Errorf("csv\n%q\nwant\n%q", got, want)
	}
}

func FuzzClip(f *testing.F) {
	for _, s := range []string{"terminal-3", "a\r\nb", "\xff\xfe", strings.Repeat("窗", 100), "\x00\x7f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := clip(s, 64)
		if !utf8.ValidString(c) || utf8.RuneCountInString(c) > 64 || strings.ContainsAny(c, "\r\n\x00\x7f") {
			t.Fatalf("clip(%q) = %q", s, c)
		}
	})
}
