package uplink

import (
	"fmt"
	"time"

	"halld/hallnet"
	"halld/queue"
)

// Link states, as /admin/ and GET /api/v1/devices show them.
const (
	StateConnecting = "connecting" // no working connection yet, or lost: retrying
	StateConnected  = "connected"  // resumed and publishing
	StateRefused    = "refused"    // the centre refuses the credential or knows no stream for this hall
	StateDiverged   = "diverged"   // the centre holds events this hall's log does not: publishing stopped
)

// DeviceID and DeviceKind name the link among the hall's devices.
const (
	DeviceID   = "centre"
	DeviceKind = "centre_link"
)

// Status is the link's state of the moment.
type Status struct {
	State string `json:"state"`
	// Seq is the hall's last committed event; Published the last one the
	// centre's stream acknowledged; Lag the difference.
	Seq       uint64    `json:"seq"`
	Published uint64    `json:"published"`
	Lag       uint64    `json:"lag"`
	LastError string    `json:"last_error,omitempty"`
	Since     time.Time `json:"since"` // of State
	// Shared is what the hall did with each shared key it saw.
	Shared map[string]hallnet.SharedResult `json:"shared,omitempty"`
}

// Device is the status as a device record: the state changes (rare) are
// recorded as device.state events; the figures go only with Status.
func (s Status) Device() queue.DeviceState {
	d := queue.DeviceState{ID: DeviceID, Kind: DeviceKind, State: s.State, Since: s.Since}
	switch s.State {
	case StateConnected:
		d.Detail = "已连接中心"
	case StateConnecting:
		d.Detail = "正在连接中心"
	case StateRefused:
		d.Detail = "中心拒绝连接"
	case StateDiverged:
		d.Detail = "中心保存的事件多于本厅记录（可能从备份恢复），已停止上传，请联系中心核对"
	}
	if s.LastError != "" && s.State != StateConnected {
		d.Detail += "：" + s.LastError
	}
	for key, r := range s.Shared {
		if !r.Applied {
			d.Detail += fmt.Sprintf("；中心下发的%s被拒绝：%s", key, r.Reason)
		}
	}
	return d
}
