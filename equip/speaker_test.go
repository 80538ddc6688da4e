package equip

import (
	"bytes"
	"context"
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
