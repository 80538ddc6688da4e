package api

import (
	"net/http"

	"halld/internal/httpjson"
	"halld/queue"
)

// LiveDevice is a device in GET /api/v1/devices whose state the daemon
// knows beyond its device.state events: Link carries figures that change
// too often to be events (the centre link's lag).
type LiveDevice struct {
	queue.DeviceState
	Link any `json:"link,omitempty"`
}

// AddLiveDevices makes f's devices part of GET /api/v1/devices, replacing
// the engine's record of the same id.
func (s *Server) AddLiveDevices(f func() []LiveDevice) {
	s.mu.Lock()
	s.liveDevices = append(s.liveDevices, f)
	s.mu.Unlock()
}

// devices lists every device's latest state.
func (s *Server) devices(w http.ResponseWriter, r *http.Request) {
	var out []LiveDevice
	at := map[string]int{}
	for _, d := range s.e.Devices() {
		at[d.ID] = len(out)
		out = append(out, LiveDevice{DeviceState: d})
	}
	s.mu.Lock()
	live := s.liveDevices
	s.mu.Unlock()
	for _, f := range live {
		for _, d := range f() {
			if i, ok := at[d.ID]; ok {
				out[i] = d
				continue
			}
			at[d.ID] = len(out)
			out = append(out, d)
		}
	}
	if out == nil {
		out = []LiveDevice{}
	}
	httpjson.WriteJSON(w, http.StatusOK, out)
}
