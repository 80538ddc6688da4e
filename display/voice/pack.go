package voice

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"time"
)

// Pack is a loaded set of clips sharing one format, trimmed of silence. It is
// read-only after loading and safe for concurrent use.
type Pack struct {
	format Format
	clips  map[string][]byte // name → PCM
}

// LoadOptions tune how clips are trimmed at load. The zero value takes the
// defaults noted.
type LoadOptions struct {
	// SilenceThreshold is the level, as a fraction of full scale, under which
	// a frame counts as silence when trimming both ends of a clip. 0 means
	// 0.01 (−40 dBFS); a negative value turns trimming off. Raise it for
	// recordings with audible background noise.
	SilenceThreshold float64
	// Margin is how much of the quiet lead-in and tail to keep around the
	// sound, so that soft consonants are not clipped. 0 means 10 ms; a
	// negative value keeps none.
	Margin time.Duration
}

func (o LoadOptions) threshold() float64 {
	if o.SilenceThreshold == 0 {
		return 0.01
	}
	return o.SilenceThreshold
}

func (o LoadOptions) margin() time.Duration {
	switch {
	case o.Margin == 0:
		return 10 * time.Millisecond
	case o.Margin < 0:
		return 0
	}
	return o.Margin
}

// LoadPack reads <name>.wav for every clip name from fsys (its root). The
// required clips (chime, 请 号 到 窗口 办理, 零–九, 十 百 千) must all be
// there (ErrMissingClip); letters A–Z are optional. All clips must share one
// format: the first one that differs is refused with ErrFormatMismatch naming
// it. Other files in fsys are ignored.
func LoadPack(fsys fs.FS, opt LoadOptions) (*Pack, error) {
	p := &Pack{clips: make(map[string][]byte)}
	var first string
	load := func(name string, required bool) error {
		file := name + ".wav"
		b, err := fs.ReadFile(fsys, file)
		if errors.Is(err, fs.ErrNotExist) {
			if required {
				return fmt.Errorf("%w: %s", ErrMissingClip, file)
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("voice: clip %s: %w", file, err)
		}
		f, pcm, err := ReadWAV(b)
		if err != nil {
			return fmt.Errorf("clip %s: %w", file, err)
		}
		if first == "" {
			p.format, first = f, file
		} else if f != p.format {
			return fmt.Errorf("%w: clip %s is %s, %s is %s", ErrFormatMismatch, file, f, first, p.format)
		}
		if pcm = trim(f, pcm, opt); len(pcm) == 0 {
			return fmt.Errorf("%w: %s", ErrEmptyClip, file)
		}
		p.clips[name] = pcm
		return nil
	}
	for _, name := range requiredClips() {
		if err := load(name, true); err != nil {
			return nil, err
		}
	}
	for _, name := range letterClips() {
		if err := load(name, false); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// LoadDir loads a pack from a directory of WAV files (see LoadPack).
func LoadDir(dir string, opt LoadOptions) (*Pack, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("voice: pack directory: %w", err)
	}
	return LoadPack(os.DirFS(dir), opt)
}

// Format is the format shared by all clips of the pack.
func (p *Pack) Format() Format { return p.format }

// Clip returns the trimmed PCM of a clip; false when the pack has no such
// clip. The slice must not be modified.
func (p *Pack) Clip(name string) ([]byte, bool) {
	pcm, ok := p.clips[name]
	return pcm, ok
}

// trim cuts the frames below the threshold at both ends of pcm, keeping
// opt.margin() of them next to the sound. It returns an empty slice for a
// silent clip.
func trim(f Format, pcm []byte, opt LoadOptions) []byte {
	th := opt.threshold()
	if th < 0 {
		return pcm
	}
	level := int(math.Ceil(th * 32768))
	size := f.FrameSize()
	n := f.Frames(len(pcm))
	loud := func(i int) bool {
		for c := 0; c < f.Channels; c++ {
			s := int(int16(binary.LittleEndian.Uint16(pcm[i*size+2*c:])))
			if s >= level || -s >= level {
				return true
			}
		}
		return false
	}
	start := 0
	for start < n && !loud(start) {
		start++
	}
	if start == n {
		return pcm[:0]
	}
	end := n
	for !loud(end - 1) {
		end--
	}
	m := f.framesFor(opt.margin())
	start, end = max(start-m, 0), min(end+m, n)
	return pcm[start*size : end*size]
}
