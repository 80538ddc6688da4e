package httpjson

import (
	"encoding/json"
	"errors"
	"mime"
	"net/http"
)

// MaxBody bounds request bodies (docs/api.md: 16 KiB); every request halld
// takes is small.
const MaxBody = 16 << 10

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
	r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
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
