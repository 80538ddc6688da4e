package kiosk

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"halld/device/escpos"
	"halld/queue"
	"halld/queue/hall"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fixedTicket is a priority ticket of the demo hall at a fixed time.
func fixedTicket() queue.TicketView {
	ahead, wait := 11, 1320
	loc, _ := time.LoadLocation("Asia/Shanghai")
	return queue.TicketView{
		ID: "vd3mq7yq5oxbn4fvfjz2fq6cum", Number: "A012", Service: "estate", ServiceName: "不动产登记",
		State: queue.Waiting, Priority: "elderly", Channel: "kiosk", Day: "2026-11-23",
		IssuedAt: time.Date(2026, 11, 23, 10, 2, 11, 520e6, loc),
		Ahead:    &ahead, WaitEstimateS: &wait, Windows: []int{1, 2, 3, 4, 10},
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it)\ngot:\n%s", name, got)
	}
}

// TestTicketGolden pins the exact bytes of the ticket on both widths and a
// readable rendering of what the printer makes of them.
func TestTicketGolden(t *testing.T) {
	for _, p := range []escpos.Paper{escpos.Paper58, escpos.Paper80} {
		t.Run(p.Name, func(t *testing.T) {
			l := TicketLayout{Hall: hall.Demo(), PublicURL: "http://192.168.1.10:8080/", Paper: p}
			job, err := l.Job(fixedTicket(), testKey)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, "ticket"+p.Name+".bin", job)
			doc := escpos.Decode(0, job) // 0 is gbk.GBK, the printers' usual font
			golden(t, "ticket"+p.Name+".txt", []byte(doc.Render(p)))
		})
	}
}

// TestTicketContent checks the order of the ticket, the styles of the
// number, the QR payload, the cut, and that no line overflows the paper.
func TestTicketContent(t *testing.T) {
	for _, p := range []escpos.Paper{escpos.Paper58, escpos.Paper80} {
		t.Run(p.Name, func(t *testing.T) {
			tk := fixedTicket()
			job, err := TicketLayout{Hall: hall.Demo(), PublicURL: "http://192.168.1.10:8080", Paper: p}.Job(tk, testKey)
			if err != nil {
				t.Fatal(err)
			}
			doc := escpos.Decode(0, job)
			var text []string
			var qr []string
			var last escpos.Element
			for _, e := range doc.Elements {
				switch e := e.(type) {
				case escpos.TextLine:
					if e.Columns() > p.Columns {
						t.Errorf("line %q is %d columns on %d-column paper", e.Text(), e.Columns(), p.Columns)
					}
					for _, s := range e.Spans {
						if s.Text == "A012" && (s.Width != 2 || s.Height != 2 || !s.Bold) {
							t.Errorf("number printed %d×%d bold=%v, want 2×2 bold", s.Width, s.Height, s.Bold)
						}
					}
					text = append(text, strings.TrimSpace(e.Text()))
				case escpos.QRCode:
					qr = append(qr, string(e.Data))
					text = append(text, "[QR]")
				case escpos.Unknown:
					t.Errorf("undecodable bytes % X", e.Bytes)
				}
				last = e
			}
			if c, ok := last.(escpos.Cut); !ok || !c.Partial {
				t.Errorf("ticket ends with %#v, want a partial cut", last)
			}
			if len(qr) != 1 || qr[0] != "http://192.168.1.10:8080/t/vd3mq7yq5oxbn4fvfjz2fq6cum?k="+testKey {
				t.Errorf("QR codes %q", qr)
			}
			all := strings.Join(text, "\n")
			order := []string{"示范区政务服务中心", "不动产登记", "自然资源和规划局", "A012", "【老年人 优先】",
				"您前面还有 11 人在等候", "预计等候：约22分钟", "请留意 1、2、3、4、10号窗口叫号",
				"取号时间：2026-11-23 10:02:11", "[QR]", "温馨提示", "身份证", "过号将顺延3位重新叫号", "当日有效"}
			at := 0
			for _, want := range order {
				i := strings.Index(all[at:], want)
				if i < 0 {
					t.Fatalf("%q missing or out of order in:\n%s", want, all)
				}
				at += i + len(want)
			}
		})
	}
}

func TestTips(t *testing.T) {
	tests := []struct {
		name   string
		policy hall.Policy
		want   string
	}{
		{"reinsert without repeats voids", hall.Policy{NoShow: hall.NoShowReinsert, ReinsertBehind: 3}, "过号无效，请重新取号"},
		{"reinsert limited", hall.Policy{NoShow: hall.NoShowReinsert, ReinsertBehind: 5, MaxReinserts: 1}, "过号将顺延5位重新叫号（限1次）"},
		{"void", hall.Policy{NoShow: hall.NoShowVoid, ReinsertBehind: 3}, "过号无效，请重新取号"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tips := Tips(tt.policy)
			if len(tips) != 3 || tips[1] != tt.want || !strings.Contains(tips[0], "身份证") || !strings.Contains(tips[2], "当日有效") {
				t.Errorf("Tips = %q, want the no-show rule %q", tips, tt.want)
			}
		})
	}
}

func TestWaitText(t *testing.T) {
	for _, tt := range []struct {
		s    int
		want string
	}{{0, "即将叫号"}, {29, "即将叫号"}, {30, "约1分钟"}, {1320, "约22分钟"}, {3600, "约1小时"}, {5400, "约1小时30分钟"}} {
		if got := WaitText(tt.s); got != tt.want {
			t.Errorf("WaitText(%d) = %q, want %q", tt.s, got, tt.want)
		}
	}
}

// TestTicketNotWaiting: a ticket without queue data (not waiting) still
// prints, without the queue lines.
func TestTicketNotWaiting(t *testing.T) {
	tk := fixedTicket()
	tk.Ahead, tk.WaitEstimateS, tk.Windows, tk.Priority = nil, nil, nil, ""
	job, err := TicketLayout{Hall: hall.Demo(), PublicURL: "https://hall.example.cn"}.Job(tk, testKey)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(escpos.Decode(0, job).Lines(), "\n")
	for _, no := range []string{"您前面", "预计等候", "请留意", "优先"} {
		if strings.Contains(got, no) {
			t.Errorf("%q printed for a ticket that does not wait:\n%s", no, got)
		}
	}
}

func TestTicketRefusesNonASCIIURL(t *testing.T) {
	_, err := TicketLayout{Hall: hall.Demo(), PublicURL: "http://政务.中国"}.Job(fixedTicket(), testKey)
	if !errors.Is(err, ErrConfig) {
		t.Errorf("non-ASCII QR URL: %v, want ErrConfig", err)
	}
}

// testKey stands for the engine's TicketKey in layout tests.
const testKey = "0123456789abcdef"
