package screen

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"halld/display/voice"
)

// The voice endpoint accepts exactly what a hall issues: a ticket number of
// 1–2 capital letters and 1–6 digits, and a window number 1–9999 written
// without sign or leading zero.
var (
	numberRE = regexp.MustCompile(`^[A-Z]{1,2}[0-9]{1,6}$`)
	windowRE = regexp.MustCompile(`^[1-9][0-9]{0,3}$`)
)

// callQuery reads and checks ?number=&window=. It returns the error code
// and message for a refusal.
func callQuery(r *http.Request) (number string, window int, code, msg string) {
	q := r.URL.Query()
	for k := range q {
		if k != "number" && k != "window" {
			return "", 0, "bad_query", "不支持的参数：" + k
		}
	}
	if v := q["number"]; len(v) != 1 || !numberRE.MatchString(v[0]) {
		return "", 0, "bad_number", "号码须为1–2个大写字母加1–6位数字，如 A001"
	}
	if v := q["window"]; len(v) != 1 || !windowRE.MatchString(v[0]) {
		return "", 0, "bad_window", "窗口号须为1–9999的整数"
	}
	window, _ = strconv.Atoi(q.Get("window"))
	return q.Get("number"), window, "", ""
}

// serveCall answers GET /api/v1/voice/call.wav?number=A001&window=3 with
// the rendered announcement as audio/wav.
func (s *Screen) serveCall(w http.ResponseWriter, r *http.Request) {
	number, window, code, msg := callQuery(r)
	if code != "" {
		writeError(w, http.StatusBadRequest, code, msg)
		return
	}
	key := number + "@" + strconv.Itoa(window)
	e, ok := s.cache.get(key)
	if !ok {
		wav, err := s.pack.CallWAV(number, window, s.timing)
		if err != nil {
			// The input was checked, so this is the pack's fault (a hall's
			// own pack without that letter): a config problem to log.
			s.log.Warn("voice: cannot render call", "number", number, "window", window, "err", err)
			code, msg := "voice_failed", "语音生成失败"
			if errors.Is(err, voice.ErrMissingClip) {
				code, msg = "voice_missing_clip", "语音包缺少所需的录音"
			}
			writeError(w, http.StatusInternalServerError, code, msg)
			return
		}
		sum := sha256.Sum256(wav)
		e = cacheEntry{key: key, wav: wav, tag: `"` + hex.EncodeToString(sum[:8]) + `"`}
		s.cache.put(e)
	}
	h := w.Header()
	h.Set("Content-Type", "audio/wav")
	h.Set("Cache-Control", "no-cache")
	h.Set("ETag", e.tag)
	// ServeContent answers Range requests (an <audio src> asks for them)
	// and If-None-Match.
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(e.wav))
}

// writeError writes the API's error shape (docs/api.md).
func writeError(w http.ResponseWriter, status int, code, msg string) {
	var body struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	body.Error.Code, body.Error.Message = code, msg
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
}
