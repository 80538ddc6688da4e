package gsm_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"halld/device/gsm"
	"halld/device/gsm/gsmsim"
	"halld/device/serialport"
	"halld/device/serialport/serialtest"
)

// simModem runs a driver on an in-memory line to a simulator.
func simModem(t *testing.T, f gsmsim.Faults) (*gsm.Modem, *gsmsim.Modem) {
	sim := gsmsim.New(nil)
	sim.SetFaults(f)
	line := sim.Line()
	t.Cleanup(func() { line.Close() })
	return gsm.New(line, gsm.Options{Timeout: 2 * time.Second, SendTimeout: 10 * time.Second}), sim
}

func TestModemInitAndSend(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m, sim := simModem(t, gsmsim.Faults{})
		ctx := context.Background()
		st, err := m.Init(ctx)
		if err != nil || st.Signal.RSSI != 21 {
			t.Fatalf("Init = %+v, %v", st, err)
		}
		want := []string{"AT", "ATE0", "AT+CMEE=1", "AT+CPIN?", "AT+CSQ", "AT+CMGF=0"}
		if got := sim.Commands(); !slices.Equal(got, want) {
			t.Fatalf("commands %q, want %q", got, want)
		}
		long := strings.Repeat("您的办件已办结，请到3号窗口领取。", 5) // 85 chars: two parts
		refs, err := m.Send(ctx, "13800138000", long)
		if err != nil || len(refs) != 2 {
			t.Fatalf("Send = %v, %v", refs, err)
		}
		if _, err := m.Send(ctx, "+8613900000000", "hello"); err != nil {
			t.Fatal(err)
		}
		msgs := sim.Messages()
		if len(msgs) != 2 || msgs[0].Text != long || msgs[0].Parts != 2 || !msgs[0].UCS2 || msgs[0].To != "13800138000" ||
			msgs[1].Text != "hello" || msgs[1].UCS2 || msgs[1].To != "+8613900000000" {
			t.Fatalf("delivered %+v", msgs)
		}
		if got := sim.Commands(); got[len(got)-1] != "AT+CMGS=20" {
			t.Fatalf("last command %q", got[len(got)-1])
		}
	})
}

func TestModemFaults(t *testing.T) {
	tests := []struct {
		name    string
		f       gsmsim.Faults
		initErr error
		sendErr error
		code    int
	}{
		{"no sim", gsmsim.Faults{NoSIM: true}, gsm.ErrNoSIM, gsm.ErrModem, 310},
		{"cms error", gsmsim.Faults{CMSError: 500}, nil, gsm.ErrModem, 500},
		{"no answer", gsmsim.Faults{Silent: true}, gsm.ErrNoAnswer, gsm.ErrNoAnswer, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				m, sim := simModem(t, tt.f)
				ctx := context.Background()
				if _, err := m.Init(ctx); !errors.Is(err, tt.initErr) && !(tt.initErr == nil && err == nil) {
					t.Fatalf("Init = %v, want %v", err, tt.initErr)
				}
				if tt.initErr != nil { // put the modem in PDU mode to reach the send
					sim.SetFaults(gsmsim.Faults{})
					if _, err := m.Init(ctx); err != nil {
						t.Fatal(err)
					}
					sim.SetFaults(tt.f)
				}
				t0 := time.Now()
				_, err := m.Send(ctx, "13800138000", "测试")
				if !errors.Is(err, tt.sendErr) {
					t.Fatalf("Send = %v, want %v", err, tt.sendErr)
				}
				var ce *gsm.CommandError
				if tt.code != 0 && (!errors.As(err, &ce) || ce.Code != tt.code) {
					t.Fatalf("Send = %v, want code %d", err, tt.code)
				}
				if tt.sendErr == gsm.ErrNoAnswer && time.Since(t0) != 2*time.Second {
					t.Fatalf("gave up after %v, want the 2 s timeout", time.Since(t0))
				}
				if n := len(sim.Messages()); n != 0 {
					t.Fatalf("%d messages delivered", n)
				}
				// The modem recovers: the next send goes through.
				sim.SetFaults(gsmsim.Faults{})
				if _, err := m.Send(ctx, "13800138000", "测试"); err != nil {
					t.Fatalf("after the fault: %v", err)
				}
			})
		})
	}
}

// TestModemOnPTY runs the exchange over a real serial line (a
// pseudo-terminal opened through serialport), echo included.
func TestModemOnPTY(t *testing.T) {
	path, master := serialtest.PTY(t)
	sim := gsmsim.New(nil)
	go sim.Serve(master)
	port, err := serialport.Open(serialport.Config{Path: path, Baud: 115200, ReadTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer port.Close()
	m := gsm.New(port, gsm.Options{})
	ctx := context.Background()
	if _, err := m.Init(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Send(ctx, "+8613800138000", "您前面还有2位，请回大厅候叫。"); err != nil {
		t.Fatal(err)
	}
	if got := sim.Messages(); len(got) != 1 || got[0].Text != "您前面还有2位，请回大厅候叫。" {
		t.Fatalf("delivered %+v", got)
	}
}

func ExampleEncode() {
	pdus, _ := gsm.Encode(gsm.Message{To: "+8613800138000", Text: "你好"})
	for _, p := range pdus {
		fmt.Printf("AT+CMGS=%d\n%s\n", p.Length, p.Hex)
	}
	s, _ := gsm.DecodeSubmit(pdus[0].Hex, pdus[0].Length)
	fmt.Println(s.To, s.Text)
	// Output:
	// AT+CMGS=19
	// 0011000D91683108108300F00008A7044F60597D
	// +8613800138000 你好
}
