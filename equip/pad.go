package equip

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"halld/device/keypad"
	"halld/internal/httpjson"
	"halld/queue"
)

// Tags a tablet offers after a 差评 (the brief's examples).
var badTags = []string{"态度不好", "业务不熟", "效率不高", "一次性告知不到位", "环境设施不便", "其他"}

// padState is what a window tablet's page, and the window terminal, need
// to know of an evaluation device.
type padState struct {
	ID     string     `json:"id"`
	Window int        `json:"window"`
	Kind   string     `json:"transport"`
	Armed  bool       `json:"armed"` // a service just finished here awaits its evaluation
	Ref    string     `json:"ticket,omitempty"`
	Number string     `json:"number,omitempty"`
	Until  *time.Time `json:"until,omitempty"` // when the evaluation ends unless the window moves on first
	Tags   []string   `json:"tags,omitempty"`
}

// state is what k awaits.
func (q *Equip) padState(k *evalKeypad) padState {
	st := padState{ID: k.cfg.ID, Window: k.cfg.Window, Kind: k.cfg.Transport}
	if k.cfg.Transport == Tablet {
		st.Tags = badTags
	}
	if a, armed := k.gate.Pending(); armed {
		st.Armed, st.Ref, st.Until = true, a.Ref, &a.Deadline
		if number, isCase := strings.CutPrefix(a.Ref, "case:"); isCase {
			st.Number = "办件 " + number // the 办结 node of a case
		} else if v, err := q.e.Ticket(a.Ref); err == nil {
			st.Number = v.Number
		}
	}
	return st
}

// RegisterPads mounts the API of evaluation devices:
// GET /api/v1/keypads?window=n (every keypad and tablet of the window, with
// the evaluation it awaits: the window terminal shows it),
// GET /api/v1/keypads/{id} and POST /api/v1/keypads/{id}/press
// {"level":1…5,"tags":[…]} for tablets. A press counts only while the pad
// is armed for the service its window just finished, once — the pad cannot
// rate any other service, so staff cannot rate for applicants from it. The
// press is answered after the evaluation is committed, with the engine's
// verdict.
func (q *Equip) RegisterPads(mux interface{ Handle(string, http.Handler) }) {
	mux.Handle("GET /api/v1/keypads", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(r.URL.Query().Get("window"))
		if err != nil {
			httpjson.WriteError(w, http.StatusBadRequest, "bad_window", "请指定窗口号")
			return
		}
		out := []padState{}
		for _, k := range q.keypads {
			if k.cfg.Window == n {
				out = append(out, q.padState(k))
			}
		}
		httpjson.WriteJSON(w, http.StatusOK, out)
	}))
	mux.Handle("GET /api/v1/keypads/{id}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := q.tablet(r.PathValue("id"))
		if k == nil {
			httpjson.WriteError(w, http.StatusNotFound, "keypad_not_found", "没有这台评价器")
			return
		}
		httpjson.WriteJSON(w, http.StatusOK, q.padState(k))
	}))
	mux.Handle("POST /api/v1/keypads/{id}/press", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := q.tablet(r.PathValue("id"))
		if k == nil {
			httpjson.WriteError(w, http.StatusNotFound, "keypad_not_found", "没有这台评价器")
			return
		}
		var req struct {
			Level int      `json:"level"`
			Tags  []string `json:"tags"`
		}
		if !httpjson.Decode(w, r, &req) {
			return
		}
		if !keypad.Level(req.Level).Valid() || len(req.Tags) > len(badTags) {
			httpjson.WriteError(w, http.StatusBadRequest, "bad_level", "评价等级无效")
			return
		}
		for _, t := range req.Tags {
			if !slices.Contains(badTags, t) || utf8.RuneCountInString(t) > 16 {
				httpjson.WriteError(w, http.StatusBadRequest, "bad_tag", "评价标签无效")
				return
			}
		}
		res, err := k.gate.Take(keypad.Level(req.Level))
		if err != nil {
			httpjson.WriteError(w, http.StatusConflict, "not_armed", "当前没有待评价的服务")
			return
		}
		if err := q.record(k, res, req.Tags); err != nil {
			q.log.Info("tablet evaluation refused", "keypad", k.cfg.ID, "ticket", res.Ref, "err", err)
			httpjson.Fail(w, r, q.log, err)
			return
		}
		httpjson.WriteJSON(w, http.StatusOK, map[string]string{"ticket": res.Ref, "level_name": queue.LevelName(req.Level)})
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
