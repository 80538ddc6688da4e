package queue

import (
	"slices"
	"strings"
	"time"
)

// EvDevice is the event of a device's health changing.
const EvDevice = "device.state"

// Device health states. Drivers may report finer ones (paper_out…); these
// are the ones screens group by.
const (
	DeviceOK      = "ok"
	DeviceWarning = "warning"
	DeviceOffline = "offline"
)

// DeviceState is a device's health as its driver reports it. The engine
// knows nothing of hardware: it records the change as an event so screens,
// terminals and reports see it, and keeps the latest state per device.
type DeviceState struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`  // printer, led_board, keypad, speaker…
	State  string `json:"state"` // ok, warning, offline, paper_out, cover_open…
	Detail string `json:"detail,omitempty"`
	// Location is where the device is in the hall ("3号窗口", "大厅入口"),
	// from the device map; empty when it has none.
	Location string    `json:"location,omitempty"`
	Since    time.Time `json:"since"`
}

// ReportDevice records a device's state; an unchanged state is not an event.
func (e *Engine) ReportDevice(d DeviceState) error {
	if d.ID == "" || d.State == "" || len(d.ID) > 64 || len(d.Detail) > 512 || len(d.Location) > 128 {
		return refuse(ErrBadInput, "bad_device_state", "设备状态无效")
	}
	c, err := e.beginAt(true) // health is shown even while the clock is not trusted
	if err != nil {
		return err
	}
	if old, ok := e.devices[d.ID]; !ok || old.State != d.State || old.Detail != d.Detail || old.Location != d.Location {
		d.Since = c.at
		e.devices[d.ID] = d
		c.emit(EvDevice, EventData{Device: &d})
	}
	return e.finish(c, nil)
}

// Devices returns the latest state of every device that reported, by id.
func (e *Engine) Devices() []DeviceState {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]DeviceState, 0, len(e.devices))
	for _, d := range e.devices {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b DeviceState) int { return strings.Compare(a.ID, b.ID) })
	return out
}
