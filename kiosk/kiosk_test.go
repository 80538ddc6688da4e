package kiosk

import (
	"io"
	"strings"
	"testing"
	"time"

	"halld/device/escpos"
	"halld/queue"
)

func TestStateAndIssuePrints(t *testing.T) {
	f := newFake()
	v := newEnv(t, fixedClock, Options{Printers: map[string]Printer{"k1": f}, PaperWidth: 58, IdleTimeout: 45 * time.Second})
	st, m := v.do("GET", "/api/v1/kiosks/k1", "")
	if st != 200 || m["offers_tickets"] != true || m["idle_timeout_s"] != 45.0 {
		t.Fatalf("state %d %v", st, m)
	}
	if p := m["printer"].(map[string]any); p["level"] != "ok" || p["code"] != "ready" {
		t.Errorf("printer %v", p)
	}
	if pr := m["priorities"].([]any); len(pr) != 2 || pr[1].(map[string]any)["name"] != "老年人" {
		t.Errorf("priorities %v", pr)
	}

	st, m = v.do("POST", "/api/v1/kiosks/k1/tickets", `{"service":"estate","priority":"elderly"}`)
	if st != 201 || m["printed"] != true || m["print_error"] != nil {
		t.Fatalf("issue %d %v", st, m)
	}
	tk := m["ticket"].(map[string]any)
	if tk["number"] != "A001" || tk["channel"] != "kiosk" || tk["priority"] != "elderly" || tk["ahead"] != 0.0 {
		t.Errorf("ticket %v", tk)
	}
	jobs := f.printed()
	if len(jobs) != 1 {
		t.Fatalf("%d jobs printed", len(jobs))
	}
	doc := escpos.Decode(0, jobs[0])
	text := strings.Join(doc.Lines(), "\n")
	for _, want := range []string{"测试政务服务中心", "A001", "老年人", "请留意 1、2号窗口叫号", "过号无效，请重新取号"} {
		if !strings.Contains(text, want) {
			t.Errorf("printed ticket lacks %q:\n%s", want, text)
		}
	}
	for _, e := range doc.Elements {
		if q, ok := e.(escpos.QRCode); ok && string(q.Data) != "http://hall.local:8080/t/"+tk["id"].(string)+"?k="+v.k.e.TicketKey(tk["id"].(string)) {
			t.Errorf("QR %q", q.Data)
		}
		if l, ok := e.(escpos.TextLine); ok && l.Columns() > escpos.Paper58.Columns {
			t.Errorf("line %q overflows 58 mm paper", l.Text())
		}
	}
}

// TestPrinterFaultRefusesBeforeIssuing: a faulty printer stops issuing
// before the engine is asked, so no number is used up; the kiosk issues
// again by itself once the printer is fine.
func TestPrinterFaultRefusesBeforeIssuing(t *testing.T) {
	tests := []struct {
		code, message string
	}{
		{CodePaperOut, "打印机缺纸，暂停取号，请联系工作人员"},
		{CodeCoverOpen, "打印机纸仓盖打开，暂停取号，请联系工作人员"},
		{CodeOffline, "打印机离线，暂停取号，请联系工作人员"},
		{CodeUnplugged, "打印机未连接，暂停取号，请联系工作人员"},
		{CodePrinterError, "打印机故障，暂停取号，请联系工作人员"},
		{CodePrintPending, "打印机未确认上一张号票，暂停取号，请联系工作人员"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			f := newFake()
			f.set(tt.code)
			v := newEnv(t, fixedClock, Options{Printers: map[string]Printer{"k1": f}})
			seq0, n0 := v.issued()
			st, m := v.do("POST", "/api/v1/kiosks/k1/tickets", `{"service":"estate"}`)
			if st != 409 || errCode(m) != tt.code || errMessage(m) != tt.message {
				t.Fatalf("got %d %v, want 409 %s %q", st, m, tt.code, tt.message)
			}
			if seq, n := v.issued(); seq != seq0 || n != n0 {
				t.Errorf("refusal changed the hall: seq %d→%d, issued %d→%d", seq0, seq, n0, n)
			}
			if len(f.printed()) != 0 {
				t.Error("a job was sent to a faulty printer")
			}
			_, m = v.do("GET", "/api/v1/kiosks/k1", "")
			if m["offers_tickets"] != false || m["printer"].(map[string]any)["code"] != tt.code ||
				m["refusal"].(map[string]any)["message"] != tt.message {
				t.Errorf("state while faulty: %v", m)
			}
			f.set(CodeReady)
			st, m = v.do("POST", "/api/v1/kiosks/k1/tickets", `{"service":"estate"}`)
			if st != 201 || m["ticket"].(map[string]any)["number"] != "A001" || m["printed"] != true {
				t.Errorf("after repair: %d %v", st, m)
			}
		})
	}
}

// TestPrintFailureAfterIssue: the ticket exists once issued; a print that
// fails says printed:false and why.
func TestPrintFailureAfterIssue(t *testing.T) {
	paperOut := StatusFor(CodePaperOut)
	tests := []struct {
		name  string
		setup func(*fakePrinter)
		code  string
	}{
		{"ran out during the job", func(f *fakePrinter) { f.err, f.after = errJam, &paperOut }, CodePaperOut},
		{"error, status fine", func(f *fakePrinter) { f.err = errJam }, "print_failed"},
		{"no acknowledgement in time", func(f *fakePrinter) { f.block = true }, "print_timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake()
			tt.setup(f)
			v := newEnv(t, fixedClock, Options{Printers: map[string]Printer{"k1": f}, PrintTimeout: 20 * time.Millisecond})
			st, m := v.do("POST", "/api/v1/kiosks/k1/tickets", `{"service":"social"}`)
			if st != 201 || m["printed"] != false {
				t.Fatalf("got %d %v", st, m)
			}
			pe, _ := m["print_error"].(map[string]any)
			if pe["code"] != tt.code || pe["message"] == "" {
				t.Errorf("print_error %v, want code %s", pe, tt.code)
			}
			if _, n := v.issued(); n != 1 || m["ticket"].(map[string]any)["number"] != "B001" {
				t.Errorf("issued %d, ticket %v", n, m["ticket"])
			}
		})
	}
}

func TestWarningStillIssues(t *testing.T) {
	f := newFake()
	f.set(CodePaperNearEnd)
	v := newEnv(t, fixedClock, Options{Printers: map[string]Printer{"k1": f}})
	if _, m := v.do("GET", "/api/v1/kiosks/k1", ""); m["offers_tickets"] != true || m["printer"].(map[string]any)["level"] != "warning" {
		t.Errorf("state %v", m)
	}
	if st, m := v.do("POST", "/api/v1/kiosks/k1/tickets", `{"service":"estate"}`); st != 201 || m["printed"] != true {
		t.Errorf("issue %d %v", st, m)
	}
}

func TestNoPrinterShowsOnScreenOnly(t *testing.T) {
	v := newEnv(t, fixedClock, Options{Printers: map[string]Printer{"tablet": nil}})
	if _, m := v.do("GET", "/api/v1/kiosks/tablet", ""); m["offers_tickets"] != true || m["printer"].(map[string]any)["code"] != CodeNoPrinter {
		t.Errorf("state %v", m)
	}
	st, m := v.do("POST", "/api/v1/kiosks/tablet/tickets", `{"service":"estate"}`)
	if st != 201 || m["printed"] != false || m["print_error"].(map[string]any)["code"] != CodeNoPrinter {
		t.Errorf("issue %d %v", st, m)
	}
}

// TestRefusals: the engine's refusals come through with the API's statuses,
// codes and Chinese messages; nothing is printed for them.
func TestRefusals(t *testing.T) {
	f := newFake()
	v := newEnv(t, fixedClock, Options{Printers: map[string]Printer{"k1": f}})
	for range 3 {
		v.do("POST", "/api/v1/kiosks/k1/tickets", `{"service":"estate"}`)
	}
	v.do("POST", "/api/v1/kiosks/k1/tickets", `{"service":"social","id_number":"11010519491231002X"}`)
	printed := len(f.printed())
	tests := []struct {
		name, path, body string
		status           int
		code, message    string
	}{
		{"cap", "k1", `{"service":"estate"}`, 409, "cap_reached", "今日「不动产登记」的号已取完，请明天再来"},
		{"hours", "k1", `{"service":"night"}`, 409, "outside_hours", "现在不是「夜间业务」的取号时间"},
		{"duplicate id", "k1", `{"service":"social","id_number":"11010519491231002X"}`, 409, "duplicate_ticket", "请勿重复取号"},
		{"bad id", "k1", `{"service":"social","id_number":"110105194912310021"}`, 400, "bad_id_number", "身份证"},
		{"service", "k1", `{"service":"nope"}`, 400, "unknown_service", "没有这项业务"},
		{"priority", "k1", `{"service":"social","priority":"vip"}`, 400, "unknown_priority", "优先"},
		{"channel is the kiosk's", "k1", `{"service":"social","channel":"api"}`, 400, "bad_json", "请求格式错误"},
		{"empty body", "k1", ``, 400, "unknown_service", "没有这项业务"}, // an empty body is an empty request
		{"trailing", "k1", `{"service":"social"} {}`, 400, "bad_json", "请求格式错误"},
		{"too large", "k1", `{"service":"` + strings.Repeat("x", 17<<10) + `"}`, 413, "too_large", "过大"},
		{"kiosk", "k9", `{"service":"social"}`, 404, "kiosk_not_found", "取号机"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, m := v.do("POST", "/api/v1/kiosks/"+tt.path+"/tickets", tt.body)
			if st != tt.status || errCode(m) != tt.code || !strings.Contains(errMessage(m), tt.message) {
				t.Errorf("got %d %v, want %d %s %q", st, m, tt.status, tt.code, tt.message)
			}
		})
	}
	if len(f.printed()) != printed {
		t.Error("a refused request printed something")
	}
	if st, m := v.do("GET", "/api/v1/kiosks/k9", ""); st != 404 || errCode(m) != "kiosk_not_found" {
		t.Errorf("unknown kiosk state: %d %v", st, m)
	}
}

func TestClosedEngine(t *testing.T) {
	v := newEnv(t, fixedClock, Options{Printers: map[string]Printer{"k1": newFake()}})
	v.e.Close()
	if st, m := v.do("POST", "/api/v1/kiosks/k1/tickets", `{"service":"social"}`); st != 503 || errCode(m) == "" {
		t.Errorf("closed engine: %d %v", st, m)
	}
}

func TestNewValidatesOptions(t *testing.T) {
	ok := map[string]Printer{"k1": nil}
	tests := []struct {
		name string
		opt  Options
	}{
		{"no url", Options{Printers: ok}},
		{"relative url", Options{Printers: ok, PublicURL: "/halld"}},
		{"ftp", Options{Printers: ok, PublicURL: "ftp://hall.local"}},
		{"non-ascii host", Options{Printers: ok, PublicURL: "http://政务.中国"}},
		{"query", Options{Printers: ok, PublicURL: "http://hall.local/?x=1"}},
		{"paper", Options{Printers: ok, PublicURL: "http://hall.local", PaperWidth: 76}},
		{"no kiosks", Options{PublicURL: "http://hall.local"}},
		{"bad id", Options{Printers: map[string]Printer{"k 1": nil}, PublicURL: "http://hall.local"}},
	}
	v := newEnv(t, fixedClock, Options{Printers: ok})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := New(v.e, tt.opt); err == nil {
				t.Error("accepted")
			}
		})
	}
	if v.k.Layout("k1").Paper != escpos.Paper80 || v.k.opt.IdleTimeout != 30*time.Second {
		t.Errorf("defaults: %+v", v.k.opt)
	}
}

func TestPagesServed(t *testing.T) {
	v := newEnv(t, fixedClock, Options{Printers: map[string]Printer{"k1": nil}})
	for _, tt := range []struct{ path, ctype, contains string }{
		{"/kiosk/", "text/html", "kiosk.js"},
		{"/kiosk/kiosk.js", "javascript", "/assets/halld.js"},
		{"/kiosk/kiosk.css", "text/css", "orientation"},
		{"/kiosk/ticket.js", "javascript", "/api/v1/tickets/"},
		{"/t/vd3mq7yq5oxbn4fvfjz2fq6cum", "text/html", "ticket.js"},
	} {
		resp, err := v.srv.Client().Get(v.base + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), tt.ctype) || !strings.Contains(string(body), tt.contains) {
			t.Errorf("%s: %d %s, body lacks %q", tt.path, resp.StatusCode, resp.Header.Get("Content-Type"), tt.contains)
		}
	}
}

// The ticket in the answer is the engine's public view: no personal data.
func TestIssueAnswerHasNoPersonalData(t *testing.T) {
	v := newEnv(t, fixedClock, Options{Printers: map[string]Printer{"k1": newFake()}})
	_, m := v.do("POST", "/api/v1/kiosks/k1/tickets", `{"service":"social","id_number":"11010519491231002X"}`)
	tk := m["ticket"].(map[string]any)
	for k, val := range tk {
		if s, ok := val.(string); ok && (strings.Contains(s, "1231002X") || strings.Contains(s, "110105")) {
			t.Errorf("ticket field %s = %q carries the ID number", k, s)
		}
	}
	got, err := v.e.Ticket(tk["id"].(string))
	if err != nil || got.State != queue.Waiting {
		t.Errorf("ticket %+v %v", got, err)
	}
}
