package voice

import (
	"fmt"
	"time"
)

// Timing is the silence put between the parts of a rendered call:
//
//	chime ChimeGap sentence RepeatPause sentence …   (Repeats sentences)
//
// with ClipGap between the clips inside a sentence. Silences are rounded to
// whole frames.
type Timing struct {
	ClipGap     time.Duration // between two clips of a sentence; 0 is valid
	ChimeGap    time.Duration // after the chime
	RepeatPause time.Duration // between two sentences
	Repeats     int           // sentences per call; 0 means 2
}

// DefaultTiming suits the trimmed default pack.
var DefaultTiming = Timing{
	ClipGap:     40 * time.Millisecond,
	ChimeGap:    300 * time.Millisecond,
	RepeatPause: 800 * time.Millisecond,
	Repeats:     2,
}

// maxRepeats and maxGap keep a mistyped setting from rendering minutes of
// audio.
const (
	maxRepeats = 10
	maxGap     = 10 * time.Second
)

func (t Timing) check() (Timing, error) {
	if t.Repeats == 0 {
		t.Repeats = 2
	}
	if t.Repeats < 0 || t.Repeats > maxRepeats {
		return t, fmt.Errorf("%w: %d repeats (1–%d)", ErrBadCall, t.Repeats, maxRepeats)
	}
	for _, d := range []time.Duration{t.ClipGap, t.ChimeGap, t.RepeatPause} {
		if d < 0 || d > maxGap {
			return t, fmt.Errorf("%w: silence of %v (0–%v)", ErrBadCall, d, maxGap)
		}
	}
	return t, nil
}

// CallPCM renders a call as PCM in the pack's Format: the chime once, then
// the sentence 请 <ticket> 号到 <window> 号窗口办理 t.Repeats times. A recall
// is rendered the same way.
func (p *Pack) CallPCM(ticket string, window int, t Timing) ([]byte, error) {
	t, err := t.check()
	if err != nil {
		return nil, err
	}
	sentence, err := SentenceClips(ticket, window)
	if err != nil {
		return nil, err
	}
	clips := make([][]byte, len(sentence))
	sentenceLen := 0
	for i, name := range sentence {
		pcm, ok := p.clips[name]
		if !ok {
			return nil, fmt.Errorf("%w: %s.wav (for ticket %q, window %d)", ErrMissingClip, name, ticket, window)
		}
		clips[i] = pcm
		sentenceLen += len(pcm)
	}
	fsz := p.format.FrameSize()
	gap := p.format.framesFor(t.ClipGap) * fsz
	sentenceLen += gap * (len(clips) - 1)
	chime := p.clips[ClipChime]
	chimeGap := p.format.framesFor(t.ChimeGap) * fsz
	pause := p.format.framesFor(t.RepeatPause) * fsz

	// Silence is zero bytes: appending a zeroed length is all it takes.
	out := make([]byte, 0, len(chime)+chimeGap+t.Repeats*sentenceLen+(t.Repeats-1)*pause)
	out = append(out, chime...)
	out = append(out, make([]byte, chimeGap)...)
	for r := range t.Repeats {
		if r > 0 {
			out = append(out, make([]byte, pause)...)
		}
		for i, pcm := range clips {
			if i > 0 {
				out = append(out, make([]byte, gap)...)
			}
			out = append(out, pcm...)
		}
	}
	return out, nil
}

// CallWAV is CallPCM as a complete WAV file, e.g. for the hall display to
// fetch and play.
func (p *Pack) CallWAV(ticket string, window int, t Timing) ([]byte, error) {
	pcm, err := p.CallPCM(ticket, window, t)
	if err != nil {
		return nil, err
	}
	return EncodeWAV(p.format, pcm)
}
