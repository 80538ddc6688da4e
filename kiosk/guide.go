package kiosk

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"halld/device/escpos"
	"halld/internal/httpjson"
	"halld/queue/guide"
)

// Guides is what the kiosk needs of the service guides (*guide.Guides).
type Guides interface {
	Get(service string) (guide.View, error)
}

// RegisterGuides mounts the printing of a service guide on the kiosk's
// printer (on a device mux: only the hall's kiosks may post). The kiosk
// page reads the guides through GET /api/v1/guides.
func (k *Kiosk) RegisterGuides(mux interface{ Handle(string, http.Handler) }, g Guides) {
	mux.Handle("POST /api/v1/kiosks/{id}/guides/{service}/print", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, ok := k.kioskOf(w, r)
		if !ok {
			return
		}
		v, err := g.Get(r.PathValue("service"))
		if err != nil {
			httpjson.Fail(w, r, k.log, err)
			return
		}
		printed, why := k.printGuide(r.Context(), id, v)
		httpjson.WriteJSON(w, http.StatusOK, struct {
			Printed    bool    `json:"printed"`
			PrintError *Reason `json:"print_error,omitempty"`
		}{printed, why})
	}))
}

func (k *Kiosk) printGuide(ctx context.Context, id string, v guide.View) (bool, *Reason) {
	p := k.opt.Printers[id]
	if p == nil {
		return false, &Reason{Code: CodeNoPrinter, Message: "本机不能打印"}
	}
	if ref := refusal(p.Status()); ref != nil {
		return false, ref
	}
	job, err := GuideJob(v, k.Layout(id).Paper)
	if err != nil {
		k.log.Error("guide layout failed", "kiosk", id, "service", v.Service, "err", err)
		return false, &Reason{Code: "layout_failed", Message: "排版失败"}
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), k.opt.PrintTimeout)
	defer cancel()
	if err := p.Print(ctx, job); err != nil {
		k.log.Warn("guide not printed", "kiosk", id, "service", v.Service, "err", err)
		return false, &Reason{Code: "print_failed", Message: "打印机未完成打印"}
	}
	k.log.Info("guide printed", "kiosk", id, "service", v.Service, "bytes", len(job))
	return true, nil
}

// GuideJob returns the ESC/POS bytes of a printed service guide
// (一次性告知单) on paper p (zero: 80 mm), ending with a feed and a cut.
func GuideJob(v guide.View, p escpos.Paper) ([]byte, error) {
	if p.Columns <= 0 {
		p = escpos.Paper80
	}
	b := escpos.NewBuilder(escpos.Options{Paper: p})
	w := ticketWriter{b: b, lay: escpos.Layout{Enc: b.Encoder(), Cols: p.Cols(1)}}
	b.Init().Chinese(true).Align(escpos.Center).Bold(true).Size(1, 2)
	w.lines(v.ServiceName)
	b.Size(1, 1)
	w.lines("办事指南（一次性告知）")
	b.Bold(false)
	if v.Department != "" {
		w.lines(v.Department)
	}
	b.Align(escpos.Left).Line(strings.Repeat("-", p.Cols(1)))
	list := func(title string, lines []string) {
		if len(lines) == 0 {
			return
		}
		b.Bold(true)
		w.lines(title)
		b.Bold(false)
		for i, l := range lines {
			w.item(strconv.Itoa(i+1)+". ", l)
		}
	}
	if v.Version == 0 {
		w.lines("本事项的办事指南尚未发布，请咨询窗口工作人员。")
	}
	list("申请材料：", v.Materials)
	list("办理流程：", v.Procedure)
	if v.TimeLimit != "" {
		w.lines("办理时限：" + v.TimeLimit)
	}
	if v.Fees != "" {
		w.lines("收费标准：" + v.Fees)
	}
	list("设定依据：", v.Basis)
	if len(v.Windows) > 0 {
		w.lines("办理窗口：" + windowList(v.Windows) + "号窗口")
	}
	if !v.UpdatedAt.IsZero() {
		w.lines("更新日期：" + v.UpdatedAt.Format("2006-01-02"))
	}
	b.Feed(3).Cut(0)
	return b.Bytes()
}
