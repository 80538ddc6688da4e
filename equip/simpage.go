package equip

import (
	"embed"
	"encoding/json"
	"io/fs"
	"net/http"
)

//go:embed sim
var simAssets embed.FS

// simBoard is one simulated LED board as the /sim/ page draws it.
type simBoard struct {
	Bus      string   `json:"bus"`
	Address  int      `json:"address"`
	Protocol string   `json:"protocol"`
	Window   int      `json:"window"`
	Lines    []string `json:"lines"`
	Frames   int      `json:"frames"`
	Dead     bool     `json:"dead"`
}

// RegisterSim mounts the simulator page (/sim/) and its data
// (/sim/state.json): what every simulated device shows right now, decoded
// from the bytes its driver sent.
func (q *Equip) RegisterSim(mux interface{ Handle(string, http.Handler) }) {
	sub, _ := fs.Sub(simAssets, "sim")
	mux.Handle("GET /sim/", http.StripPrefix("/sim/", http.FileServerFS(sub)))
	mux.Handle("GET /sim/state.json", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		json.NewEncoder(w).Encode(q.simState())
	}))
}

type simState struct {
	Boards []simBoard `json:"boards"`
}

func (q *Equip) simState() simState {
	var st simState
	for _, ls := range q.LEDSims() {
		for _, bd := range ls.Boards {
			d, _ := ls.Sim.Display(uint16(bd.Address))
			st.Boards = append(st.Boards, simBoard{Bus: ls.ID, Address: bd.Address, Protocol: bd.Protocol,
				Window: bd.Window, Lines: d.Lines, Frames: d.Frames, Dead: d.Dead})
		}
	}
	return st
}
