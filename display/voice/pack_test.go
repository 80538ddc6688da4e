package voice

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// testPack is a MapFS of every clip (letters A, B and K only) at 8000 Hz
// mono: 3 silent frames, then i+1 frames of value 1000+i, then 2 silent
// frames, where i is the clip's index. Distinct lengths and values make any
// mix-up visible.
func testPack(t *testing.T) (fstest.MapFS, map[string][]byte) {
	t.Helper()
	fsys := fstest.MapFS{}
	sound := map[string][]byte{}
	names := append(requiredClips(), "A", "B", "K")
	f := Format{SampleRate: 8000, Channels: 1}
	for i, name := range names {
		loud := make([]int16, i+1)
		for j := range loud {
			loud[j] = int16(1000 + i)
		}
		pcm := append(append(samples(0, 5, -5), samples(loud...)...), samples(3, 0)...)
		w, err := EncodeWAV(f, pcm)
		if err != nil {
			t.Fatal(err)
		}
		fsys[name+".wav"] = &fstest.MapFile{Data: w}
		sound[name] = samples(loud...)
	}
	fsys["README.txt"] = &fstest.MapFile{Data: []byte("not a clip")}
	return fsys, sound
}

var noMargin = LoadOptions{Margin: -1}

func TestLoadPackTrims(t *testing.T) {
	fsys, sound := testPack(t)
	p, err := LoadPack(fsys, noMargin)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Format{SampleRate: 8000, Channels: 1}); p.Format() != want {
		t.Errorf("Format = %v, want %v", p.Format(), want)
	}
	for name, want := range sound {
		got, ok := p.Clip(name)
		if !ok || !bytes.Equal(got, want) {
			t.Errorf("clip %s = % x, want % x", name, got, want)
		}
	}
	if _, ok := p.Clip("Z"); ok {
		t.Error("clip Z present in a pack without Z.wav")
	}
}

func TestTrimOptions(t *testing.T) {
	f := Format{SampleRate: 1000, Channels: 2} // 1 ms per frame
	// frames: (0,0) (0,20) (400,0) (0,-400) (30,0) (0,0)
	pcm := samples(0, 0, 0, 20, 400, 0, 0, -400, 30, 0, 0, 0)
	tests := []struct {
		name string
		opt  LoadOptions
		want []byte
	}{
		{"default 1% keeps 10 ms margin", LoadOptions{}, pcm},
		{"1% no margin", LoadOptions{SilenceThreshold: 0.01, Margin: -1}, samples(400, 0, 0, -400)},
		{"1‰ keeps quiet frames", LoadOptions{SilenceThreshold: 0.0005, Margin: -1}, samples(0, 20, 400, 0, 0, -400, 30, 0)},
		{"1% with 1 ms margin", LoadOptions{SilenceThreshold: 0.01, Margin: 1e6}, samples(0, 20, 400, 0, 0, -400, 30, 0)},
		{"off", LoadOptions{SilenceThreshold: -1}, pcm},
		{"all silence", LoadOptions{SilenceThreshold: 0.5}, []byte{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := trim(f, pcm, tt.opt); !bytes.Equal(got, tt.want) {
				t.Errorf("trim = % x, want % x", got, tt.want)
			}
		})
	}
}

func TestLoadPackRefuses(t *testing.T) {
	tests := []struct {
		name    string
		change  func(fstest.MapFS)
		wantErr error
		naming  string
	}{
		{"missing required clip", func(m fstest.MapFS) { delete(m, "banli.wav") }, ErrMissingClip, "banli.wav"},
		{"stereo clip in a mono pack", func(m fstest.MapFS) {
			w, _ := EncodeWAV(Format{SampleRate: 8000, Channels: 2}, samples(900, 900))
			m["dao.wav"].Data = w
		}, ErrFormatMismatch, "dao.wav"},
		{"other rate for a letter", func(m fstest.MapFS) {
			w, _ := EncodeWAV(Format{SampleRate: 16000, Channels: 1}, samples(900))
			m["K.wav"].Data = w
		}, ErrFormatMismatch, "K.wav"},
		{"8-bit clip", func(m fstest.MapFS) {
			m["yi.wav"].Data = riff(chunk("fmt ", fmtPCM(1, 1, 8000, 8)), chunk("data", []byte{1, 2}))
		}, ErrUnsupportedFormat, "yi.wav"},
		{"not a WAV", func(m fstest.MapFS) { m["shi.wav"].Data = []byte("ID3\x04 an mp3") }, ErrNotWAV, "shi.wav"},
		{"silent clip", func(m fstest.MapFS) {
			w, _ := EncodeWAV(Format{SampleRate: 8000, Channels: 1}, samples(0, 1, -1, 0))
			m["hao.wav"].Data = w
		}, ErrEmptyClip, "hao.wav"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys, _ := testPack(t)
			tt.change(fsys)
			_, err := LoadPack(fsys, LoadOptions{})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.naming) {
				t.Errorf("error %q does not name %s", err, tt.naming)
			}
		})
	}
}

func TestLoadDir(t *testing.T) {
	fsys, sound := testPack(t)
	dir := t.TempDir()
	for name, f := range fsys {
		if err := os.WriteFile(filepath.Join(dir, name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, err := LoadDir(dir, noMargin)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := p.Clip("qing"); !bytes.Equal(got, sound["qing"]) {
		t.Errorf("qing = % x", got)
	}
	if _, err := LoadDir(filepath.Join(dir, "nope"), LoadOptions{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing dir: err = %v", err)
	}
}

// TestDefaultPack checks the embedded pack: every clip of every call is
// there, in one small format, and the pack stays small.
func TestDefaultPack(t *testing.T) {
	p, err := DefaultPack()
	if err != nil {
		t.Fatal(err)
	}
	if want := (Format{SampleRate: 16000, Channels: 1}); p.Format() != want {
		t.Errorf("Format = %v, want %v", p.Format(), want)
	}
	total := 0
	for _, name := range append(requiredClips(), letterClips()...) {
		pcm, ok := p.Clip(name)
		if !ok {
			t.Errorf("default pack lacks %s", name)
			continue
		}
		d := p.Format().Duration(len(pcm))
		// One syllable or word; the chime is about 1.25 s.
		if d < 100e6 || d > 1500e6 {
			t.Errorf("clip %s lasts %v", name, d)
		}
		total += len(pcm)
	}
	if total > 1<<20 {
		t.Errorf("default pack holds %d bytes of PCM, want under 1 MiB", total)
	}
}
