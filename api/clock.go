package api

import (
	"net/http"

	"halld/internal/httpjson"
)

// confirmClock is an admin's word that the clock is right: the day it shows
// may start although it is far ahead of the last one (503 clock_jump).
func (s *Server) confirmClock(w http.ResponseWriter, r *http.Request) {
	sess, ok := s.admin(w, r, "只有管理员可以确认系统时间")
	if !ok {
		return
	}
	var req struct {
		Day string `json:"day"`
	}
	if !httpjson.Decode(w, r, &req) {
		return
	}
	if err := s.e.ConfirmDay(req.Day); err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Warn("clock confirmed by an admin", "staff", sess.Staff, "day", req.Day)
	httpjson.WriteJSON(w, http.StatusOK, map[string]string{"day": req.Day})
}
