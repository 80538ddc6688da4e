// Package smshook sends short messages through an SMS platform's HTTP
// endpoint instead of a modem: one POST of JSON per message,
// {"phone","text","sent_at"}, signed with a secret shared with the
// platform: X-Halld-Timestamp (Unix seconds) and X-Halld-Signature,
// "sha256=" + hex HMAC-SHA256 of timestamp + "." + body. Any 2xx answer is
// accepted; anything else is an error naming the status.
//
// Caveats: platforms differ; one that wants its own request shape needs a
// small relay. The timestamp lets the platform refuse replays older than
// it tolerates; halld sends each attempt with a fresh one.
package smshook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

var (
	// ErrUnreachable: the platform could not be reached; nothing was sent.
	ErrUnreachable = errors.New("smshook: platform unreachable")
	// ErrRefused: the platform answered with a non-2xx status.
	ErrRefused = errors.New("smshook: platform refused")
)

// Header names of the signature.
const (
	HeaderTimestamp = "X-Halld-Timestamp"
	HeaderSignature = "X-Halld-Signature"
)

// Hook is one platform endpoint.
type Hook struct {
	url    string
	secret []byte
	client *http.Client
	now    func() time.Time
}

// New returns a Hook posting to url; timeout bounds each request (0: 10 s).
func New(url, secret string, timeout time.Duration) *Hook {
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	return &Hook{url: url, secret: []byte(secret), client: &http.Client{Timeout: timeout}, now: time.Now}
}

type body struct {
	Phone  string    `json:"phone"`
	Text   string    `json:"text"`
	SentAt time.Time `json:"sent_at"`
}

// Sign is the signature of body at timestamp ts under secret.
func Sign(secret []byte, ts string, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(ts))
	mac.Write([]byte("."))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// Send posts one message.
func (h *Hook) Send(ctx context.Context, phone, text string) error {
	now := h.now()
	raw, err := json.Marshal(body{Phone: phone, Text: text, SentAt: now.UTC()})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.url, bytes.NewReader(raw))
	if err != nil {
		return fmt.Errorf("%w: %v", ErrUnreachable, err)
	}
	ts := strconv.FormatInt(now.Unix(), 10)
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderSignature, Sign(h.secret, ts, raw))
	resp, err := h.client.Do(req)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrUnreachable, err)
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 200))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%w: HTTP %d: %s", ErrRefused, resp.StatusCode, bytes.TrimSpace(msg))
	}
	return nil
}
