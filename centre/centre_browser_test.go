package centre_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"halld/centre"
	"halld/centre/provision"
	"halld/centre/sampleday"
	"halld/centre/store"
	"halld/hallnet"
	"halld/internal/browsertest"
	"halld/internal/natstest"
	"halld/internal/pgtest"
	"halld/queue/hall"
)

const (
	hallA = "330106001000-01"
	hallB = "330106001000-02"
)

func jsString(s string) string { b, _ := json.Marshal(s); return string(b) }

func waitJS(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Poll[bool](expr)(ctx, t)
		return err
	})
}

func waitText(sel, want string) chromedp.Action[chromedp.Void] {
	return waitJS(`(document.querySelector(` + jsString(sel) + `)?.textContent || "").includes(` + jsString(want) + `)`)
}

func setValue(id, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Evaluate[bool](`(() => { const el = document.getElementById(`+jsString(id)+`);
			el.value = `+jsString(value)+`; el.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`)(ctx, t)
		return err
	})
}

func step(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		browsertest.Screenshot(t, ctx, "centre-failed")
		text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
		t.Fatalf("%s: %v\npage: %s", what, err, text)
	}
}

// hallSide connects as a hall does (its seed, its inbox prefix) and
// returns its JetStream context: what the server lets it do is what its
// credential allows.
func hallSide(t *testing.T, url, seed, id string) jetstream.JetStream {
	t.Helper()
	opt, err := nats.NkeyOptionFromSeed(seed)
	if err != nil {
		t.Fatal(err)
	}
	var nc *nats.Conn
	deadline := time.Now().Add(20 * time.Second)
	for { // the server reloads its authorization asynchronously
		if nc, err = nats.Connect(url, opt, nats.CustomInboxPrefix(hallnet.InboxPrefix(id))); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("hall %s not let in: %v", id, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Cleanup(nc.Close)
	js, _ := jetstream.New(nc)
	return js
}

func putLive(t *testing.T, js jetstream.JetStream, l hallnet.Live) {
	t.Helper()
	kv, err := js.KeyValue(context.Background(), hallnet.LiveBucket)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(l)
	if _, err := kv.Put(context.Background(), l.Hall, b); err != nil {
		t.Fatalf("hall %s putting its live record: %v", l.Hall, err)
	}
}

// TestCentrePageShowsHallsAndFigures runs the whole centre (Serve) against
// real nats-server and PostgreSQL: two halls registered with their own
// credentials, hall A publishes the sample day and a fresh live record,
// hall B only an old one; the page shows both live (B as "last known"),
// the hand-computed figures, the overdue follow-up and case, and exports
// the figures as CSV.
func TestCentrePageShowsHallsAndFigures(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	dir := t.TempDir()
	seed := filepath.Join(dir, "centre.nk")
	pub, err := provision.CentreKey(seed)
	if err != nil {
		t.Fatal(err)
	}
	pid := filepath.Join(dir, "nats.pid")
	ns := natstest.Start(t, natstest.Options{
		Config:      "include halls-auth.conf\npid_file: " + jsString(pid) + "\n",
		ConfigFiles: map[string]string{"halls-auth.conf": string(provision.AuthConfig(pub, nil))},
	})
	pg := pgtest.Start(t)
	pinHash, _ := hall.HashPIN("246810")
	cfg, err := centre.ParseConfig([]byte(fmt.Sprintf(`version = 1
[nats]
urls = [%s]
credentials = %s
auth_file = %s
pid_file = %s
seed_dir = %s
[postgres]
dsn = %s
[http]
listen = "127.0.0.1:0"
[halls]
stale_seconds = 120
[[admin]]
id = "admin"
name = "中心管理员"
pin_hash = %s
`, jsString(ns.URL), jsString(seed), jsString(filepath.Join(ns.Dir, "halls-auth.conf")), jsString(pid),
		jsString(filepath.Join(dir, "seeds")), jsString(pg.DSN), jsString(pinHash))), "test")
	if err != nil {
		t.Fatal(err)
	}

	// Register both halls as `halld centre hall add` does.
	st, err := store.Open(ctx, pg.DSN, log)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cnc, err := centre.Connect(cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	defer cnc.Close()
	cjs, _ := jetstream.New(cnc)
	if err := provision.EnsureBuckets(ctx, cjs, 1); err != nil {
		t.Fatal(err)
	}
	p := centre.Provisioner(cfg, st, cjs, log)
	seedA, err := p.Add(ctx, hallA, "甲大厅")
	if err != nil {
		t.Fatal(err)
	}
	seedB, err := p.Add(ctx, hallB, "乙大厅")
	if err != nil {
		t.Fatal(err)
	}

	now := time.Date(2026, 12, 3, 10, 0, 0, 0, store.CST)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- centre.Serve(ctx, cfg, log, ln, centre.WithClock(func() time.Time { return now })) }()
	t.Cleanup(func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("centre: %v", err)
		}
	})
	base := "http://" + ln.Addr().String()

	// Hall A publishes its day and its live record; hall B was last heard
	// ten minutes ago.
	ajs := hallSide(t, ns.URL, seedA, hallA)
	evs := append(sampleday.Events(), sampleday.Supervision(uint64(len(sampleday.Events())+1))...)
	for _, b := range sampleday.Batches(evs, 4) {
		m := nats.NewMsg(hallnet.EventsSubject(hallA))
		m.Data = b.Encode()
		for k, v := range b.Headers() {
			m.Header.Set(k, v)
		}
		if _, err := ajs.PublishMsg(ctx, m, jetstream.WithMsgID(hallnet.MsgID(hallA, b.First, b.Last))); err != nil {
			t.Fatalf("hall A publishing: %v", err)
		}
	}
	la := sampleday.Live(hallA, uint64(len(evs)), now.Add(-3*time.Second))
	la.Name = "甲大厅"
	openAlerts := 2
	la.OpenAlerts = &openAlerts
	putLive(t, ajs, la)
	bjs := hallSide(t, ns.URL, seedB, hallB)
	putLive(t, bjs, hallnet.Live{Hall: hallB, Name: "乙大厅", At: now.Add(-10 * time.Minute), Seq: 40, Open: true,
		Waiting: 7, WindowsOpen: 3, LongestWaitS: 300})
	deadline := time.Now().Add(60 * time.Second)
	for {
		if cur, _ := st.Cursor(ctx, hallA); cur == uint64(len(evs)) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("hall A's events not ingested in 60 s")
		}
		time.Sleep(20 * time.Millisecond)
	}

	// The API refuses without a login.
	resp, err := http.Get(base + "/centre/api/halls")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "script-src 'self'") {
		t.Fatalf("anonymous /centre/api/halls: %d, CSP %q", resp.StatusCode, resp.Header.Get("Content-Security-Policy"))
	}

	bctx := browsertest.New(t, 1366, 900)
	step(t, bctx, "log in",
		chromedp.Navigate(base+"/centre/"),
		chromedp.WaitVisible("#login-id"),
		chromedp.SendKeys("#login-id", "admin"),
		chromedp.SendKeys("#login-pin", "246810"),
		chromedp.Click(`#login button[type=submit]`),
		chromedp.WaitVisible("#main"),
		waitJS(`getComputedStyle(document.getElementById("login")).display === "none"`),
	)
	step(t, bctx, "halls live",
		waitText("#halls", "甲大厅"),
		waitText(`#halls tr[data-hall="`+hallA+`"]`, "在线"),
		waitText(`#halls tr[data-hall="`+hallA+`"]`, "打印机缺纸"),
		waitText(`#halls tr[data-hall="`+hallA+`"]`, "滞后 0 条"),
		waitText(`#halls tr[data-hall="`+hallB+`"]`, "最后已知 10 分钟前"),
		waitText(`#halls tr[data-hall="`+hallB+`"]`, "滞后 40 条"),
		// Open 超时预警 from A's live record; B's record does not report them.
		waitJS(`document.querySelector('#halls tr[data-hall="`+hallA+`"]').cells[5].textContent === "2"`),
		waitJS(`document.querySelector('#halls tr[data-hall="`+hallB+`"]').cells[5].textContent === "—"`),
	)
	// Hall B comes back: the board updates by itself, without a reload.
	putLive(t, bjs, hallnet.Live{Hall: hallB, Name: "乙大厅", At: now.Add(-time.Second), Seq: 41, Open: true,
		Waiting: 9, WindowsOpen: 3, LongestWaitS: 300})
	step(t, bctx, "hall B back online",
		waitText(`#halls tr[data-hall="`+hallB+`"]`, "在线"),
		waitJS(`document.querySelector('#halls tr[data-hall="`+hallB+`"]').cells[2].textContent === "9"`),
	)
	rows := `Array.from(document.querySelectorAll("#figures tbody tr")).map(tr => Array.from(tr.cells).map(c => c.textContent).join("|")).join("\n")`
	step(t, bctx, "the month's figures by hall",
		setValue("period", "month"),
		waitJS(rows+` === "甲大厅|—|3|2|1|13 分钟|20 分钟|10 分钟|2|50.0%|1|1|评价器 2"`),
	)
	step(t, bctx, "by department",
		setValue("by", "department"),
		waitJS(rows+` === "甲大厅|公安局|2|1|1|15 分钟|20 分钟|10 分钟|1|100.0%|0|0|评价器 1\n甲大厅|市场监管局|1|1|0|10 分钟|10 分钟|10 分钟|1|0.0%|1|1|评价器 1"`),
	)
	// Alerts, complaints and bookings of the month (sampleday.Supervision's
	// hand-worked figures; Q5 is booked for 12-02, in the month).
	sup := `Array.from(document.querySelectorAll("#supervision tbody tr")).map(tr => Array.from(tr.cells).map(c => c.textContent).join("|")).join("\n")`
	step(t, bctx, "the month's alerts, complaints and bookings",
		waitJS(sup+` === "甲大厅|4|2|2|2|1|1|1|5|1|2|1\n乙大厅|0|0|0|0|0|0|0|0|0|0|0"`),
		waitJS(`document.querySelector('#supervision tr[data-hall="`+hallA+`"]').cells[1].title === "排队过长 1 · 窗口无人 1 · 等候超时 2"`),
	)
	step(t, bctx, "overdue follow-ups and cases",
		waitText("#followups", "B001"),
		waitText("#followups", "营业执照"),
		waitText("#followups", "2026-12-02"),
		waitText("#cases", "K1"),
		waitText("#cases", "市场监管局"),
	)
	browsertest.Screenshot(t, bctx, "centre")

	// The CSV of the month by hall, as the button downloads it.
	step(t, bctx, "by hall", setValue("by", "hall"), waitJS(rows+`.startsWith("甲大厅|—|3|")`))
	dl := t.TempDir()
	step(t, bctx, "allow downloads", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dl, EventsEnabled: new(true)})
		return err
	}))
	progress := chromedp.Events(bctx, browser.DownloadProgress)
	step(t, bctx, "export", chromedp.Click("#csv"))
	var csv []byte
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("download: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			if csv, err = os.ReadFile(filepath.Join(dl, ev.GUID)); err != nil {
				t.Fatal(err)
			}
			break
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatal("download canceled")
		}
	}
	want := "\uFEFF大厅编号,大厅,取号,叫号,办结,过号,平均等候(秒),最长等候(秒),平均办理(秒),评价数,主动评价,非常不满意,不满意,基本满意,满意,非常满意,好评率(%)\n" +
		hallA + ",甲大厅,3,3,2,1,800,1200,600,2,1,0,1,0,0,1,50.0\n"
	if string(csv) != want {
		t.Fatalf("CSV:\n%q\nwant\n%q", csv, want)
	}
}
