package audio

import (
	"fmt"
	"time"
)

// Format describes raw PCM: signed 16-bit little-endian samples, channels
// interleaved.
type Format struct {
	SampleRate int // frames per second
	Channels   int // 1 … 8
}

// FrameSize is the number of bytes of one frame.
func (f Format) FrameSize() int { return 2 * f.Channels }

// Duration is the playing time of n bytes of PCM.
func (f Format) Duration(n int) time.Duration {
	return time.Duration(int64(n/f.FrameSize()) * int64(time.Second) / int64(f.SampleRate))
}

func (f Format) check(pcm []byte) error {
	if f.Channels < 1 || f.Channels > 8 || f.SampleRate < 1000 || f.SampleRate > 384000 {
		return fmt.Errorf("%w: %d Hz, %d channels", ErrBadPCM, f.SampleRate, f.Channels)
	}
	if len(pcm) == 0 || len(pcm)%f.FrameSize() != 0 {
		return fmt.Errorf("%w: %d bytes is not whole %d-byte frames", ErrBadPCM, len(pcm), f.FrameSize())
	}
	return nil
}

// Config is the speaker's configuration. The zero value plays once at full
// volume on ALSA's default device with aplay.
type Config struct {
	// Device is the ALSA device, e.g. "plughw:CARD=Headphones" or
	// "plughw:CARD=vc4hdmi0" on a Raspberry Pi; "" is ALSA's default.
	Device string
	// Command is the player's argv, nil for DefaultCommand. In each argument
	// {rate}, {channels} and {device} are replaced; an argument containing
	// {device} is dropped when Device is "" (write it as "--device={device}").
	// The PCM is written to the program's stdin.
	Command []string
	// Volume scales every sample (1 = as given, 0.5 ≈ −6 dB); results are
	// clamped to the 16-bit range. 0 means 1; allowed up to 4.
	Volume float64
	// Repeats is how many times each announcement is played, 0 means 1.
	// (A voice call that already repeats its sentence needs 1.)
	Repeats int
	// RepeatPause is the silence between two repeats.
	RepeatPause time.Duration
	// QueueSize bounds the announcements waiting to be played; 0 means 16.
	QueueSize int
	// PlaySlack is how long the player may run beyond the sound's duration
	// before it is killed; 0 means 5 s (aplay opening a busy card).
	PlaySlack time.Duration
}

// DefaultCommand is aplay reading raw PCM from stdin.
var DefaultCommand = []string{"aplay", "-q", "-t", "raw", "-f", "S16_LE", "-c", "{channels}", "-r", "{rate}", "--device={device}", "-"}

const maxVolume = 4

func (c Config) withDefaults() (Config, error) {
	if c.Volume == 0 {
		c.Volume = 1
	}
	if c.Repeats == 0 {
		c.Repeats = 1
	}
	if c.QueueSize == 0 {
		c.QueueSize = 16
	}
	if c.PlaySlack == 0 {
		c.PlaySlack = 5 * time.Second
	}
	if c.Command == nil {
		c.Command = DefaultCommand
	}
	switch {
	case c.Volume < 0 || c.Volume > maxVolume:
		return c, fmt.Errorf("%w: volume %g (0–%d)", ErrConfig, c.Volume, maxVolume)
	case c.Repeats < 0 || c.Repeats > 10:
		return c, fmt.Errorf("%w: %d repeats (1–10)", ErrConfig, c.Repeats)
	case c.RepeatPause < 0 || c.RepeatPause > time.Minute:
		return c, fmt.Errorf("%w: repeat pause %v", ErrConfig, c.RepeatPause)
	case c.QueueSize < 0:
		return c, fmt.Errorf("%w: queue size %d", ErrConfig, c.QueueSize)
	case c.PlaySlack < 0:
		return c, fmt.Errorf("%w: play slack %v", ErrConfig, c.PlaySlack)
	case len(c.Command) == 0 || c.Command[0] == "":
		return c, fmt.Errorf("%w: empty player command", ErrConfig)
	}
	return c, nil
}
