package kiosk

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"halld/device/escpos"
	"halld/queue"
	"halld/queue/hall"
)

// TicketLayout renders the printed ticket of one hall on one paper width.
type TicketLayout struct {
	Hall *hall.Hall
	// PublicURL is how phones reach halld, e.g. "http://192.168.1.10:8080";
	// the QR code holds PublicURL + "/t/" + ticket id + "?k=" + key. ASCII
	// only.
	PublicURL string
	Paper     escpos.Paper // escpos.Paper58 or escpos.Paper80; zero → 80 mm
}

// TicketURL is the mobile page of ticket id under base; key (the engine's
// TicketKey) lets the holder of the paper rate the service there.
func TicketURL(base, id, key string) string {
	u := strings.TrimRight(base, "/") + "/t/" + id
	if key != "" {
		u += "?k=" + key
	}
	return u
}

// Job returns the ESC/POS bytes that print t (key goes into the QR code),
// ending with a feed and a partial cut. The printer driver appends its own
// acknowledgement request.
func (l TicketLayout) Job(t queue.TicketView, key string) ([]byte, error) {
	url := TicketURL(l.PublicURL, t.ID, key)
	for _, r := range url {
		if r < 0x21 || r > 0x7E {
			return nil, fmt.Errorf("%w: QR URL %q is not printable ASCII", ErrConfig, url)
		}
	}
	p := l.Paper
	if p.Columns <= 0 {
		p = escpos.Paper80
	}
	b := escpos.NewBuilder(escpos.Options{Paper: p})
	w := ticketWriter{b: b, lay: escpos.Layout{Enc: b.Encoder(), Cols: p.Cols(1)}}
	h := l.Hall

	b.Init().Chinese(true).Align(escpos.Center)
	b.Bold(true).Size(1, 2)
	w.lines(h.Hall.Name)
	b.Size(1, 1)
	w.lines(t.ServiceName)
	b.Bold(false)
	if svc := h.ServiceByID(t.Service); svc != nil && svc.Department != "" {
		w.lines(svc.Department)
	}
	b.LF()

	b.Size(2, 2).Bold(true)
	big := escpos.Layout{Enc: b.Encoder(), Cols: p.Cols(2)}
	for _, s := range big.Wrap(t.Number) {
		b.Line(s)
	}
	b.Size(1, 1)
	if t.Priority != "" {
		name := t.Priority
		if pc := h.PriorityByID(t.Priority); pc != nil {
			name = pc.Name
		}
		w.lines("【" + name + " 优先】")
	}
	b.Bold(false).LF()

	if t.Ahead != nil {
		w.lines(fmt.Sprintf("您前面还有 %d 人在等候", *t.Ahead))
	}
	if t.WaitEstimateS != nil {
		w.lines("预计等候：" + WaitText(*t.WaitEstimateS))
	}
	if len(t.Windows) > 0 {
		w.lines("请留意 " + windowList(t.Windows) + "号窗口叫号")
	}
	w.lines("取号时间：" + t.IssuedAt.In(h.Location).Format("2006-01-02 15:04:05"))
	b.LF()

	// About 64 dots per module row leaves room for a QR of version 5 with
	// its quiet zone on either paper.
	b.QR(url, min(8, p.Dots/64), escpos.QRLevelM)
	w.lines("手机扫码查看排队进度")

	b.Align(escpos.Left)
	b.Line(strings.Repeat("-", p.Cols(1)))
	w.lines("温馨提示：")
	for i, tip := range Tips(h.Policy) {
		w.item(strconv.Itoa(i+1)+". ", tip)
	}
	b.Feed(3).Cut(0)
	return b.Bytes()
}

// Tips are the 温馨提示 printed on every ticket: bring ID and materials, the
// hall's no-show rule, valid today only.
func Tips(p hall.Policy) []string {
	// Re-insertion with max_reinserts = 0 voids at once, like "void".
	noShow := "过号无效，请重新取号"
	if p.NoShow == hall.NoShowReinsert && p.MaxReinserts > 0 {
		noShow = fmt.Sprintf("过号将顺延%d位重新叫号（限%d次）", p.ReinsertBehind, p.MaxReinserts)
	}
	return []string{"请携带本人身份证及所需材料", noShow, "本号票仅限当日有效"}
}

// WaitText is an estimated wait in words, as the screens show it
// (fmtWait in halld.js): 即将叫号, 约N分钟, 约H小时M分钟.
func WaitText(seconds int) string {
	m := int(math.Round(float64(seconds) / 60))
	switch {
	case m < 1:
		return "即将叫号"
	case m < 60:
		return fmt.Sprintf("约%d分钟", m)
	case m%60 == 0:
		return fmt.Sprintf("约%d小时", m/60)
	}
	return fmt.Sprintf("约%d小时%d分钟", m/60, m%60)
}

func windowList(ws []int) string {
	s := make([]string, len(ws))
	for i, n := range ws {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, "、")
}

// ticketWriter adds wrapped lines at normal width.
type ticketWriter struct {
	b   *escpos.Builder
	lay escpos.Layout
}

func (w ticketWriter) lines(s string) {
	for _, l := range w.lay.Wrap(s) {
		w.b.Line(l)
	}
}

// item writes a numbered note with a hanging indent.
func (w ticketWriter) item(label, s string) {
	lay := w.lay
	lay.Cols -= len(label)
	for i, l := range lay.Wrap(s) {
		if i > 0 {
			label = strings.Repeat(" ", len(label))
		}
		w.b.Line(label + l)
	}
}
