package equip

import (
	"context"
	"strings"

	"halld/device/supervise"
	"halld/queue"
)

// lineState is the device state of a supervised line: ok when up; when
// down, offline with what failed — opening it, or talking over it — in
// the words staff read (name is the device's Chinese name).
func lineState(id, kind, name string, c supervise.Change) queue.DeviceState {
	d := queue.DeviceState{ID: id, Kind: kind, State: queue.DeviceOK}
	if c.Up {
		return d
	}
	d.State = queue.DeviceOffline
	switch c.Stage {
	case supervise.Running:
		d.Detail = name + "通信中断，正在重试：" + c.Err.Error()
	default:
		d.Detail = name + "无法打开，正在重试：" + c.Err.Error()
	}
	if len(d.Detail) > 500 { // the engine takes 512 bytes
		d.Detail = strings.ToValidUTF8(d.Detail[:500], "")
	}
	return d
}

// superviseLine runs session under supervise with the hall's backoff,
// reporting the line's state as device id.
func (q *Equip) superviseLine(ctx context.Context, id, kind, name string, session supervise.Session) {
	supervise.Run(ctx, supervise.Config{Min: retryMin, Max: retryMax, Log: q.log.With("device", id),
		Report: func(c supervise.Change) { q.report(lineState(id, kind, name, c)) },
	}, session)
}
