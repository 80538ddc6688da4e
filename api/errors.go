package api

import (
	"encoding/json"
	"errors"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"time"

	"halld/queue"
)

// errorBody is every error's JSON shape: a code for programs, a message
// for people.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// WriteError writes the API's error shape. Other handlers mounted on the
// server (kiosk, screens) use it so every error looks the same.
func WriteError(w http.ResponseWriter, status int, code, msg string) {
	var b errorBody
	b.Error.Code, b.Error.Message = code, msg
	WriteJSON(w, status, b)
}

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

func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) { Fail(w, r, s.log, err) }

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

// WriteJSON writes v as the answer, never cached.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// maxBody bounds request bodies; every request of this API is small.
const maxBody = 16 << 10

// jsonBody refuses a body that is not declared application/json (415
// unsupported_media_type): a cross-site page can send text/plain, a form or
// an untyped blob without the browser asking first, never JSON. A request
// with no body and no type passes.
func jsonBody(w http.ResponseWriter, r *http.Request) bool {
	ct := r.Header.Get("Content-Type")
	if ct == "" && r.ContentLength == 0 {
		return true
	}
	if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
		WriteError(w, http.StatusUnsupportedMediaType, "unsupported_media_type", "请求须为 JSON（Content-Type: application/json）")
		return false
	}
	return true
}

// Decode reads one JSON object into v, strictly: unknown fields, trailing
// data and oversized bodies are refused (and answered) before anything
// happens. An empty body leaves v as it is. It reports whether to go on.
func Decode(w http.ResponseWriter, r *http.Request, v any) bool {
	if !jsonBody(w, r) {
		return false
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("trailing data")
	}
	if err != nil && err.Error() == "EOF" {
		return true
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		WriteError(w, http.StatusRequestEntityTooLarge, "too_large", "请求内容过大")
		return false
	case err != nil:
		WriteError(w, http.StatusBadRequest, "bad_json", "请求格式错误："+err.Error())
		return false
	}
	return true
}
