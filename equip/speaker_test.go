package equip

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"halld/device/audio/audiotest"
	"halld/display/voice"
	"halld/queue"
	"halld/queue/hall"
)

// TestSpeakerAnnouncesItsWindows: a board speaker for window 5 plays the
// voice pack's announcement of a call there, and nothing for window 3.
func TestSpeakerAnnouncesItsWindows(t *testing.T) {
	e := newEngine(t)
	cfg := Config{Speakers: []Speaker{{ID: "spk", Windows: []int{5}}}}
	if err := cfg.Validate(hall.Demo()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	player := &audiotest.Player{Started: make(chan int, 4)}
	if _, err := start(ctx, engineHub{e}, cfg, nil, player, nil); err != nil {
		t.Fatal(err)
	}
	call := func(svc string, w int) {
		tok, _, err := e.Login(queue.LoginRequest{Staff: "w" + string(rune('0'+w)), PIN: "1234", Window: w})
		if err != nil {
			t.Fatal(err)
		}
		e.Issue(queue.IssueRequest{Service: svc})
		if _, err := e.CallNext(queue.Act{Token: tok, Window: w}); err != nil {
			t.Fatal(err)
		}
	}
	call("estate", 3) // not this speaker's window
	call("social", 5)
	select {
	case <-player.Started:
	case <-ctx.Done():
		t.Fatal("nothing was played")
	}
	pack, _ := voice.DefaultPack()
	want, _ := pack.CallPCM("B001", 5, voice.DefaultTiming)
	calls := player.Calls()
	if len(calls) != 1 || !bytes.Equal(calls[0].PCM, want) {
		t.Fatalf("played %d announcements; the first matches B001 at window 5: %v", len(calls), len(calls) > 0 && bytes.Equal(calls[0].PCM, want))
	}
}

// TestLostAnnouncementIsReported: behind a stuck player the speaker's queue
// fills, and a call it cannot queue is an announcement lost. That must
// surface: an error in the log and the speaker in warning, naming the
// call; once a call is queued again the speaker reads ok.
func TestLostAnnouncementIsReported(t *testing.T) {
	e := newEngine(t)
	cfg := Config{Speakers: []Speaker{{ID: "spk", Windows: []int{5}}}}
	if err := cfg.Validate(hall.Demo()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var logs syncBuffer
	player := &audiotest.Player{Hold: make(chan struct{}), Started: make(chan int, 64)}
	q, err := start(ctx, engineHub{e}, cfg, slog.New(slog.NewTextHandler(&logs, nil)), player, nil)
	if err != nil {
		t.Fatal(err)
	}
	tok, _, err := e.Login(queue.LoginRequest{Staff: "w5", PIN: "1234", Window: 5})
	if err != nil {
		t.Fatal(err)
	}
	sub := e.Subscribe(0)
	defer sub.Close()
	e.Issue(queue.IssueRequest{Service: "social"})
	if _, err := e.CallNext(queue.Act{Token: tok, Window: 5}); err != nil {
		t.Fatal(err)
	}
	var called queue.Event
	for called.Type != queue.EvCalled {
		if called, err = sub.Next(ctx); err != nil {
			t.Fatal(err)
		}
	}
	wait := func(what string) {
		t.Helper()
		select {
		case <-player.Started:
		case <-ctx.Done():
			t.Fatalf("%s: nothing started playing", what)
		}
	}
	wait("the call") // and the player holds it
	speaker := func() queue.DeviceState {
		for _, d := range e.Devices() {
			if d.ID == "spk" {
				return d
			}
		}
		return queue.DeviceState{}
	}
	for range 16 { // the speaker's queue holds 16 behind the one playing
		q.handle(called)
	}
	if d := speaker(); d.State != queue.DeviceOK {
		t.Fatalf("speaker with a full queue: %+v", d)
	}
	q.handle(called) // one too many: lost
	if d := speaker(); d.State != queue.DeviceWarning || !strings.Contains(d.Detail, "语音播报丢失（B001号到5号窗口）") {
		t.Errorf("speaker after a lost announcement: %+v", d)
	}
	if !strings.Contains(logs.String(), "announcement lost") || !strings.Contains(logs.String(), "number=B001") {
		t.Errorf("no error logged for the lost announcement: %s", logs.String())
	}

	player.Hold <- struct{}{} // the first one ends; the next starts and frees a place
	wait("the queued call")
	q.handle(called)
	if d := speaker(); d.State != queue.DeviceOK {
		t.Errorf("speaker after a call was queued again: %+v", d)
	}
}

// syncBuffer is a log sink safe for the devices' goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
