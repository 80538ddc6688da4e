package voice

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// wantLen is the length in bytes of a rendered call, computed from the clip
// lengths: chime + chime gap + repeats × sentence + pauses, with clip gaps
// inside each sentence.
func wantLen(t *testing.T, p *Pack, ticket string, window int, tm Timing) int {
	t.Helper()
	names, err := SentenceClips(ticket, window)
	if err != nil {
		t.Fatal(err)
	}
	f := p.Format()
	frames := func(d time.Duration) int { return int(int64(d) * int64(f.SampleRate) / int64(time.Second)) }
	sentence := 0
	for _, n := range names {
		pcm, _ := p.Clip(n)
		sentence += f.Frames(len(pcm))
	}
	sentence += (len(names) - 1) * frames(tm.ClipGap)
	chime, _ := p.Clip(ClipChime)
	total := f.Frames(len(chime)) + frames(tm.ChimeGap) + tm.Repeats*sentence + (tm.Repeats-1)*frames(tm.RepeatPause)
	return total * f.FrameSize()
}

func TestCallWAVDefaultPack(t *testing.T) {
	p, err := DefaultPack()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		ticket string
		window int
		timing Timing
	}{
		{"A001", 3, DefaultTiming},
		{"B102", 12, DefaultTiming},
		{"Z999", 9999, Timing{ClipGap: 0, ChimeGap: 100 * time.Millisecond, RepeatPause: time.Second, Repeats: 3}},
		{"C020", 10, Timing{ClipGap: 25 * time.Millisecond, Repeats: 1}},
	}
	for _, tt := range tests {
		w, err := p.CallWAV(tt.ticket, tt.window, tt.timing)
		if err != nil {
			t.Fatalf("CallWAV(%s, %d): %v", tt.ticket, tt.window, err)
		}
		f, pcm, err := ReadWAV(w)
		if err != nil {
			t.Fatalf("rendered WAV: %v", err)
		}
		if f != p.Format() {
			t.Errorf("format %v, want the pack's %v", f, p.Format())
		}
		if len(w) != 44+len(pcm) {
			t.Errorf("WAV of %d bytes for %d bytes of PCM", len(w), len(pcm))
		}
		if want := wantLen(t, p, tt.ticket, tt.window, tt.timing); len(pcm) != want {
			t.Errorf("%s at %d: %d bytes of PCM (%v), want %d", tt.ticket, tt.window, len(pcm), f.Duration(len(pcm)), want)
		}
	}
}

// TestCallPCMLayout checks where every clip and silence lands, on the tiny
// test pack, against a golden WAV file.
func TestCallPCMLayout(t *testing.T) {
	fsys, sound := testPack(t)
	p, err := LoadPack(fsys, noMargin)
	if err != nil {
		t.Fatal(err)
	}
	tm := Timing{ClipGap: time.Millisecond, ChimeGap: 2 * time.Millisecond, RepeatPause: 3 * time.Millisecond, Repeats: 2}
	got, err := p.CallPCM("B10", 12, tm)
	if err != nil {
		t.Fatal(err)
	}
	silence := func(ms int) []byte { return make([]byte, 2*8*ms) } // 8 frames per ms at 8 kHz
	sentence := []byte{}
	for i, n := range []string{"qing", "B", "yi", "ling", "hao", "dao", "shi", "er", "hao", "chuangkou", "banli"} {
		if i > 0 {
			sentence = append(sentence, silence(1)...)
		}
		sentence = append(sentence, sound[n]...)
	}
	want := append(append([]byte{}, sound["chime"]...), silence(2)...)
	want = append(append(append(want, sentence...), silence(3)...), sentence...)
	if !bytes.Equal(got, want) {
		t.Fatalf("CallPCM:\n got % x\nwant % x", got, want)
	}

	w, err := p.CallWAV("B10", 12, tm)
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "call_B10_12.wav")
	if *update {
		if err := os.WriteFile(golden, w, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gw, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(w, gw) {
		t.Errorf("CallWAV differs from %s (run with -update if the change is intended)", golden)
	}
}

func TestCallPCMRefuses(t *testing.T) {
	fsys, _ := testPack(t)
	p, err := LoadPack(fsys, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		ticket string
		window int
		timing Timing
		want   error
	}{
		{"letter not in pack", "Q001", 3, DefaultTiming, ErrMissingClip},
		{"window 0", "A001", 0, DefaultTiming, ErrBadCall},
		{"window 10000", "A001", 10000, DefaultTiming, ErrBadCall},
		{"bad ticket", "A#1", 3, DefaultTiming, ErrBadCall},
		{"negative gap", "A001", 3, Timing{ClipGap: -1}, ErrBadCall},
		{"negative repeats", "A001", 3, Timing{Repeats: -1}, ErrBadCall},
		{"too many repeats", "A001", 3, Timing{Repeats: 11}, ErrBadCall},
		{"minute-long pause", "A001", 3, Timing{RepeatPause: time.Minute}, ErrBadCall},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := p.CallWAV(tt.ticket, tt.window, tt.timing); !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
	// Repeats 0 means 2.
	two, _ := p.CallPCM("A001", 3, Timing{Repeats: 2})
	zero, _ := p.CallPCM("A001", 3, Timing{})
	if !bytes.Equal(two, zero) {
		t.Error("Repeats 0 does not render like Repeats 2")
	}
}
