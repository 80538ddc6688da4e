package kiosk

import (
	"context"
	"net/http"
	"time"

	"halld/internal/httpjson"
	"halld/queue"
)

// cardWaitMax bounds one long poll of POST …/cards/wait, well inside the
// server's write timeout.
const cardWaitMax = 25 * time.Second

// cardWait is the body of POST /api/v1/kiosks/{id}/cards/wait.
type cardWait struct {
	After uint64 `json:"after"`  // the last card's seq the page has seen (0: none)
	WaitS int    `json:"wait_s"` // how long to wait for a read (0 → 25, at most 25)
}

// waitCard answers the ID card read at this kiosk after the page's last,
// waiting up to wait_s for one: {"card":{seq,token,masked,…}} or
// {"card":null}. It is a POST because the token claims a person's number:
// only the hall's own devices may hold one (api.DeviceMux refuses others).
func (k *Kiosk) waitCard(w http.ResponseWriter, r *http.Request) {
	id, ok := k.kioskOf(w, r)
	if !ok {
		return
	}
	var req cardWait
	if !httpjson.Decode(w, r, &req) {
		return
	}
	if k.opt.Cards == nil || !k.opt.Cards.HasReader(id) {
		httpjson.WriteError(w, http.StatusNotFound, "no_card_reader", "本机没有身份证阅读器")
		return
	}
	wait := cardWaitMax
	if req.WaitS > 0 && time.Duration(req.WaitS)*time.Second < wait {
		wait = time.Duration(req.WaitS) * time.Second
	}
	ctx, cancel := context.WithTimeout(r.Context(), wait)
	defer cancel()
	c, found := k.opt.Cards.Wait(ctx, id, req.After)
	if !found {
		httpjson.WriteJSON(w, http.StatusOK, map[string]any{"card": nil})
		return
	}
	httpjson.WriteJSON(w, http.StatusOK, map[string]any{"card": c})
}

// cardNumber is the number a ticket request's card token claims.
func (k *Kiosk) cardNumber(id string, req issueRequest) (string, error) {
	if req.IDNumber != "" {
		return "", &queue.Error{Kind: queue.ErrBadInput, Code: "card_and_id_number", Message: "身份证号码与读卡只能选一种"}
	}
	if k.opt.Cards == nil {
		return "", &queue.Error{Kind: queue.ErrNotFound, Code: "card_gone", Message: "身份证信息已失效，请重新放置身份证"}
	}
	return k.opt.Cards.Number(id, req.Card)
}
