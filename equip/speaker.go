package equip

import (
	"context"
	"fmt"
	"log/slog"
	"slices"

	"halld/device/audio"
	"halld/display/voice"
	"halld/queue"
)

// speaker announces calls on the board's own sound output.
type speaker struct {
	cfg  Speaker
	s    *audio.Speaker
	pack *voice.Pack
}

func newSpeaker(cfg Speaker, player audio.Player, log *slog.Logger) (*speaker, error) {
	var (
		pack *voice.Pack
		err  error
	)
	if cfg.Voice != "" {
		pack, err = voice.LoadDir(cfg.Voice, voice.LoadOptions{})
	} else {
		pack, err = voice.DefaultPack()
	}
	if err != nil {
		return nil, fmt.Errorf("equip: speaker %s: voice pack: %w", cfg.ID, err)
	}
	s, err := audio.New(audio.Config{Device: cfg.Device, Volume: cfg.Volume, Command: cfg.Command}, player, log.With("speaker", cfg.ID))
	if err != nil {
		return nil, fmt.Errorf("equip: speaker %s: %w", cfg.ID, err)
	}
	return &speaker{cfg: cfg, s: s, pack: pack}, nil
}

// state is the speaker's health: a missing aplay is degraded mode.
func (sp *speaker) state() queue.DeviceState {
	d := queue.DeviceState{ID: sp.cfg.ID, Kind: "speaker", State: queue.DeviceOK}
	if err := sp.s.Err(); err != nil {
		d.State, d.Detail = queue.DeviceOffline, "无法播放语音："+err.Error()
	}
	return d
}

// announce queues a call; announcements play one after another, never
// cut off (the speaker's queue).
func (sp *speaker) announce(number string, window int) {
	if len(sp.cfg.Windows) > 0 && !slices.Contains(sp.cfg.Windows, window) {
		return
	}
	if sp.s.Err() != nil {
		return
	}
	pcm, err := sp.pack.CallPCM(number, window, voice.DefaultTiming)
	if err != nil {
		return
	}
	f := sp.pack.Format()
	sp.s.Enqueue(audio.Format{SampleRate: f.SampleRate, Channels: f.Channels}, pcm)
}

func (sp *speaker) run(ctx context.Context, report func(queue.DeviceState)) {
	report(sp.state())
	sp.s.Run(ctx)
}
