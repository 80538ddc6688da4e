package httpjson

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"halld/queue"
)

// Fail writes err as the API does: a *queue.Error with its kind's status,
// code and message; anything else as a logged internal error.
func Fail(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	var qe *queue.Error
	if errors.As(err, &qe) {
		if qe.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(int((qe.RetryAfter+time.Second-1)/time.Second)))
		}
		WriteError(w, statusOf(qe.Kind), qe.Code, qe.Message)
		return
	}
	if errors.Is(err, queue.ErrClosed) {
		WriteError(w, http.StatusServiceUnavailable, "shutting_down", "系统正在重启，请稍候")
		return
	}
	log.Error("request failed", "path", r.URL.Path, "err", err)
	if errors.Is(err, queue.ErrCorrupt) {
		WriteError(w, http.StatusInternalServerError, "database_damaged", "数据库损坏，请联系管理员")
		return
	}
	WriteError(w, http.StatusInternalServerError, "internal", "系统内部错误")
}

func statusOf(kind error) int {
	switch kind {
	case queue.ErrBadInput:
		return http.StatusBadRequest
	case queue.ErrNotFound:
		return http.StatusNotFound
	case queue.ErrConflict:
		return http.StatusConflict
	case queue.ErrAuth:
		return http.StatusUnauthorized
	case queue.ErrForbidden:
		return http.StatusForbidden
	}
	return http.StatusServiceUnavailable
}
