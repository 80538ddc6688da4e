package equip

import (
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"halld/api"
	"halld/device/keypad"
	"halld/queue"
)

// Tags a tablet offers after a 差评 (the brief's examples).
var badTags = []string{"态度不好", "业务不熟", "效率不高", "一次性告知不到位", "环境设施不便", "其他"}

// padState is what a window tablet's page needs to know.
type padState struct {
	ID     string   `json:"id"`
	Window int      `json:"window"`
	Armed  bool     `json:"armed"` // a service just finished here awaits its evaluation
	Number string   `json:"number,omitempty"`
	Tags   []string `json:"tags"`
}

// RegisterPads mounts the API of tablet evaluation pads:
// GET /api/v1/keypads/{id} and POST /api/v1/keypads/{id}/press
// {"level":1…5,"tags":[…]}. A press counts only while the pad is armed for
// the service its window just finished, once — the pad cannot rate any
// other service, so staff cannot rate for applicants from it.
func (q *Equip) RegisterPads(mux interface{ Handle(string, http.Handler) }) {
	mux.Handle("GET /api/v1/keypads/{id}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := q.tablet(r.PathValue("id"))
		if k == nil {
			api.WriteError(w, http.StatusNotFound, "keypad_not_found", "没有这台评价器")
			return
		}
		st := padState{ID: k.cfg.ID, Window: k.cfg.Window, Tags: badTags}
		if ref, armed := k.gate.Armed(); armed {
			st.Armed = true
			if number, isCase := strings.CutPrefix(ref, "case:"); isCase {
				st.Number = "办件 " + number // the 办结 node of a case
			} else if v, err := q.e.Ticket(ref); err == nil {
				st.Number = v.Number
			}
		}
		api.WriteJSON(w, http.StatusOK, st)
	}))
	mux.Handle("POST /api/v1/keypads/{id}/press", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := q.tablet(r.PathValue("id"))
		if k == nil {
			api.WriteError(w, http.StatusNotFound, "keypad_not_found", "没有这台评价器")
			return
		}
		var req struct {
			Level int      `json:"level"`
			Tags  []string `json:"tags"`
		}
		if !api.Decode(w, r, &req) {
			return
		}
		if !keypad.Level(req.Level).Valid() || len(req.Tags) > len(badTags) {
			api.WriteError(w, http.StatusBadRequest, "bad_level", "评价等级无效")
			return
		}
		for _, t := range req.Tags {
			if !slices.Contains(badTags, t) || utf8.RuneCountInString(t) > 16 {
				api.WriteError(w, http.StatusBadRequest, "bad_tag", "评价标签无效")
				return
			}
		}
		ref, armed := k.gate.Armed()
		if !armed {
			api.WriteError(w, http.StatusConflict, "not_armed", "当前没有待评价的服务")
			return
		}
		k.pressMu.Lock() // one press at a time, so the tags go with their level
		k.tagsMu.Lock()
		k.tags = req.Tags
		k.tagsMu.Unlock()
		k.gate.Press(keypad.Level(req.Level))
		k.pressMu.Unlock()
		api.WriteJSON(w, http.StatusOK, map[string]string{"ticket": ref, "level_name": queue.LevelName(req.Level)})
	}))
}

func (q *Equip) tablet(id string) *evalKeypad {
	for _, k := range q.keypads {
		if k.cfg.ID == id && k.cfg.Transport == Tablet {
			return k
		}
	}
	return nil
}
