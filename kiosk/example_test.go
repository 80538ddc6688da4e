package kiosk_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"

	"halld/api"
	"halld/device/escpos"
	"halld/kiosk"
	"halld/queue"
	"halld/queue/hall"
)

// roll stands in for a printer: it keeps the jobs. In halld the Printer is
// an adapter of the printer driver (see the package's tests).
type roll struct{ jobs [][]byte }

func (r *roll) Print(_ context.Context, job []byte) error { r.jobs = append(r.jobs, job); return nil }
func (r *roll) Status() kiosk.PrinterStatus               { return kiosk.StatusFor(kiosk.CodeReady) }

func Example() {
	dir, _ := os.MkdirTemp("", "kiosk-example")
	defer os.RemoveAll(dir)
	e, err := queue.Open(filepath.Join(dir, "halld.db"), hall.Demo(), queue.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer e.Close()

	printer := &roll{}
	k, err := kiosk.New(e, kiosk.Options{
		Printers:   map[string]kiosk.Printer{"k1": printer}, // /kiosk/?id=k1
		PublicURL:  "http://192.168.1.10:8080",              // what phones on the hall Wi-Fi reach
		PaperWidth: 80,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := api.New(e, nil)
	k.Register(srv) // /api/v1/kiosks/{id}, /api/v1/kiosks/{id}/tickets, /kiosk/, /t/{id}

	w := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/api/v1/kiosks/k1/tickets", strings.NewReader(`{"service":"estate"}`))
	req.Header.Set("Content-Type", "application/json")
	srv.ServeHTTP(w, req)
	var ans struct {
		Ticket  queue.TicketView `json:"ticket"`
		Printed bool             `json:"printed"`
	}
	json.NewDecoder(w.Body).Decode(&ans)
	fmt.Println(w.Code, ans.Ticket.Number, ans.Printed)
	lines := escpos.Decode(0, printer.jobs[0]).Lines()
	fmt.Println(lines[0], "/", lines[1], "/", lines[4])
	// Output:
	// 201 A001 true
	// 示范区政务服务中心 / 不动产登记 / A001
}
