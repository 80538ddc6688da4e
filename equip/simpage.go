package equip

import (
	"embed"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"rsc.io/qr"

	"halld/device/gsm/gsmsim"
	"halld/device/printer/printersim"
	"halld/internal/pagefs"
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
	mux.Handle("GET /sim/", pagefs.Handler(simAssets, "sim", "/sim/"))
	mux.Handle("GET /sim/state.json", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		json.NewEncoder(w).Encode(q.simState())
	}))
	mux.Handle("POST /sim/buttons/{id}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !q.pressSim(r.PathValue("id")) {
			http.Error(w, "no such simulated button", http.StatusNotFound)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	mux.Handle("GET /sim/qr.png", http.HandlerFunc(serveQR))
	// A staff card swiped on a simulated reader: {"card":"0001234567"}.
	mux.Handle("POST /sim/card_readers/{id}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var c struct {
			Card string `json:"card"`
		}
		if !decodeSim(w, r, &c) {
			return
		}
		if err := q.swipeSim(r.PathValue("id"), c.Card); err != nil {
			status := http.StatusBadRequest
			if errors.Is(err, errNoSimReader) {
				status = http.StatusNotFound
			}
			http.Error(w, err.Error(), status)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	mux.Handle("POST /sim/keypads/{id}/{level}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lv, err := strconv.Atoi(r.PathValue("level"))
		if err == nil {
			err = q.pressSimKeypad(r.PathValue("id"), lv)
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	// A cable pulled or put back: {"pulled":bool}.
	cable := func(pull func(id string, pulled bool) bool) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			var l simCable
			if !decodeSim(w, r, &l) {
				return
			}
			if !pull(r.PathValue("id"), l.Pulled) {
				http.Error(w, "no such simulated device", http.StatusNotFound)
				return
			}
			w.WriteHeader(http.StatusNoContent)
		}
	}
	mux.Handle("POST /sim/buses/{id}", cable(q.pullSimBus))
	mux.Handle("POST /sim/keypads/{id}/line", cable(q.pullSimKeypad))
	// An ID card laid on a simulated reader or taken off: {"place":"new"|"same"|"none"}.
	mux.Handle("POST /sim/idcards/{id}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var c struct {
			Place string `json:"place"`
		}
		if !decodeSim(w, r, &c) {
			return
		}
		if err := q.placeSimCard(r.PathValue("id"), c.Place); err != nil {
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	mux.Handle("POST /sim/modems/{id}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var f gsmsim.Faults
		if !decodeSim(w, r, &f) {
			return
		}
		if !q.setModemFaults(r.PathValue("id"), f) {
			http.Error(w, "no such simulated modem", http.StatusNotFound)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	// A key on a simulated window caller: {"key":"confirm","digits":"1234"}.
	mux.Handle("POST /sim/callers/{id}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var k simCallerKey
		if !decodeSim(w, r, &k) {
			return
		}
		if err := q.pressSimCaller(r.PathValue("id"), k); err != nil {
			status := http.StatusBadRequest
			if errors.Is(err, errNoSimCaller) {
				status = http.StatusNotFound
			}
			http.Error(w, err.Error(), status)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	mux.Handle("POST /sim/printers/{id}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var f simFault
		if !decodeSim(w, r, &f) {
			return
		}
		if !q.setFault(r.PathValue("id"), f) {
			http.Error(w, "no such simulated printer", http.StatusNotFound)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
}

// decodeSim reads a small JSON body strictly; it writes the 400 itself.
func decodeSim(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1024))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		http.Error(w, "bad body: "+err.Error(), http.StatusBadRequest)
		return false
	}
	return true
}

// pullSimBus pulls or replugs a simulated LED bus's cable.
func (q *Equip) pullSimBus(id string, pulled bool) bool {
	for _, b := range q.leds {
		if b.cfg.ID == id && b.sim != nil {
			b.sim.Pull(pulled)
			return true
		}
	}
	return false
}

type simState struct {
	Buses    []simBus     `json:"buses"`
	Boards   []simBoard   `json:"boards"`
	Printers []simPrinter `json:"printers"`
	Buttons  []Button     `json:"buttons"`
	Keypads  []simKeypad  `json:"keypads"`
	// CardReaders: simulated 考勤 card readers (cardreader.go).
	CardReaders []simCardReader `json:"card_readers"`
	IDCards     []simIDCard     `json:"idcards"`
	Modems      []simModem      `json:"modems"`
	Callers     []simCaller     `json:"callers"` // window callers (callersim.go)
}

type simKeypad struct {
	Keypad
	Armed  bool `json:"armed"` // waiting for one press
	Pulled bool `json:"pulled"`
}

type simBus struct {
	ID     string `json:"id"`
	Pulled bool   `json:"pulled"`
}

type simPrinter struct {
	ID      string      `json:"id"`
	Kiosk   string      `json:"kiosk"`
	State   string      `json:"state"`
	Message string      `json:"message"`
	Fault   simFault    `json:"fault"`
	Tickets []simTicket `json:"tickets"`
}

// simFault is what a person can do to a simulated printer from /sim/.
type simFault struct {
	Paper     string `json:"paper"` // ok, near_end, out
	CoverOpen bool   `json:"cover_open"`
	Unplugged bool   `json:"unplugged"`
	// WithholdAck: it reads ready but prints nothing and answers no GS r 1
	// until released (then the held tickets print, late).
	WithholdAck bool `json:"withhold_ack"`
}

// simCable is a pull or replug of a simulated line's cable from /sim/.
type simCable struct {
	Pulled bool `json:"pulled"`
}

func (q *Equip) simState() simState {
	st := simState{Modems: q.simModems(), Callers: q.simCallers()}
	for _, ls := range q.LEDSims() {
		st.Buses = append(st.Buses, simBus{ID: ls.ID, Pulled: ls.Sim.Pulled()})
		for _, bd := range ls.Boards {
			d, _ := ls.Sim.Display(uint16(bd.Address))
			st.Boards = append(st.Boards, simBoard{Bus: ls.ID, Address: bd.Address, Protocol: bd.Protocol,
				Window: bd.Window, Lines: d.Lines, Frames: d.Frames, Dead: d.Dead})
		}
	}
	for _, k := range q.keypads {
		if k.cfg.Transport == Sim {
			_, armed := k.gate.Armed()
			k.simMu.Lock()
			pulled := k.simPulled
			k.simMu.Unlock()
			st.Keypads = append(st.Keypads, simKeypad{k.cfg, armed, pulled})
		}
	}
	st.CardReaders = q.simCardReaders()
	st.IDCards = q.simIDCards()
	q.mu.Lock()
	for _, d := range q.buttons {
		if d.sim != nil {
			st.Buttons = append(st.Buttons, d.cfg)
		}
	}
	q.mu.Unlock()
	for _, kp := range q.printers {
		if kp.sim == nil {
			continue
		}
		ps := kp.sim.State()
		ks := kp.Status()
		st.Printers = append(st.Printers, simPrinter{ID: kp.cfg.ID, Kiosk: kp.cfg.Kiosk, State: ks.Code, Message: ks.Message,
			Fault:   simFault{Paper: paperNames[ps.Paper], CoverOpen: ps.CoverOpen, Unplugged: ps.Unplugged, WithholdAck: ps.Stalled},
			Tickets: simTickets(kp.sim.Tickets(), 4)})
	}
	return st
}

var paperNames = map[printersim.Paper]string{printersim.PaperOK: "ok", printersim.PaperNearEnd: "near_end", printersim.PaperOut: "out"}

// setFault applies a fault chosen on /sim/ to a simulated printer.
func (q *Equip) setFault(id string, f simFault) bool {
	for _, kp := range q.printers {
		if kp.cfg.ID != id || kp.sim == nil {
			continue
		}
		st := kp.sim.State()
		for p, name := range paperNames {
			if name == f.Paper {
				st.Paper = p
			}
		}
		st.CoverOpen, st.Unplugged, st.Stalled = f.CoverOpen, f.Unplugged, f.WithholdAck
		kp.sim.Set(st)
		return true
	}
	return false
}

// serveQR draws the QR code a simulated printer was asked to print (its
// data and error-correction level, decoded from the ESC/POS bytes), so the
// page shows what the paper would.
func serveQR(w http.ResponseWriter, r *http.Request) {
	data := r.URL.Query().Get("data")
	level, ok := map[string]qr.Level{"L": qr.L, "M": qr.M, "Q": qr.Q, "H": qr.H}[r.URL.Query().Get("level")]
	if data == "" || len(data) > 1024 || !ok {
		http.Error(w, "need data (≤1024 bytes) and level L, M, Q or H", http.StatusBadRequest)
		return
	}
	code, err := qr.Encode(data, level)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	code.Scale = 4
	w.Header().Set("Content-Type", "image/png")
	w.Write(code.PNG())
}
