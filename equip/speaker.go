package equip

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync/atomic"

	"halld/device/audio"
	"halld/display/voice"
	"halld/queue"
)

// speaker announces calls on the board's own sound output.
type speaker struct {
	cfg  Speaker
	s    *audio.Speaker
	pack *voice.Pack
	lost atomic.Bool // an announcement was lost and the speaker reads as a warning
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
// cut off (the speaker's queue). A call it cannot queue (the queue is full
// behind a stuck player, the voice pack cannot say the number) is an
// announcement lost: it is logged and the speaker reads as a warning until
// one is queued again. A speaker without a player is already offline
// (state) and stays silent.
func (sp *speaker) announce(number string, window int, log *slog.Logger, report func(queue.DeviceState)) {
	if len(sp.cfg.Windows) > 0 && !slices.Contains(sp.cfg.Windows, window) {
		return
	}
	if sp.s.Err() != nil {
		return
	}
	pcm, err := sp.pack.CallPCM(number, window, voice.DefaultTiming)
	if err == nil {
		f := sp.pack.Format()
		err = sp.s.Enqueue(audio.Format{SampleRate: f.SampleRate, Channels: f.Channels}, pcm)
	}
	if err != nil {
		log.Error("equip: announcement lost", "speaker", sp.cfg.ID, "number", number, "window", window, "err", err)
		sp.lost.Store(true)
		report(queue.DeviceState{ID: sp.cfg.ID, Kind: "speaker", State: queue.DeviceWarning,
			Detail: fmt.Sprintf("语音播报丢失（%s号到%d号窗口）：%v", number, window, err)})
		return
	}
	if sp.lost.Swap(false) {
		report(sp.state())
	}
}

func (sp *speaker) run(ctx context.Context, report func(queue.DeviceState)) {
	report(sp.state())
	sp.s.Run(ctx)
}
