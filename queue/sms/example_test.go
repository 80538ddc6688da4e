package sms_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"halld/queue"
	"halld/queue/hall"
	"halld/queue/sms"
)

// printSender stands in for the modem.
type printSender struct{}

func (printSender) Send(_ context.Context, phone, text string) error {
	fmt.Println("send to", queue.MaskPhone(phone)+":", text)
	return nil
}

func ExampleOutbox_Enqueue() {
	dir, _ := os.MkdirTemp("", "sms-example-")
	defer os.RemoveAll(dir)
	e, err := queue.Open(filepath.Join(dir, "halld.db"), hall.Demo(), queue.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer e.Close()
	cfg := sms.Config{Enabled: true}
	cfg.Validate()
	o, _ := sms.Open(e, cfg, sms.Options{})
	// An appointment reminder, queued durably with the phone sealed.
	v, err := o.Enqueue(sms.Request{Phone: "13800138000", Text: "您预约的业务明天9:00办理", Kind: "appointment", Ref: "YY0001"})
	fmt.Println(v.To, v.State, err)
	o.Flush(context.Background(), printSender{})
	fmt.Println(o.Status(0).Sent)
	// Output:
	// *******8000 queued <nil>
	// send to *******8000: 您预约的业务明天9:00办理
	// 1
}
