package smshook

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestSendSigned(t *testing.T) {
	secret := "0123456789abcdef"
	var got body
	var status = http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		if r.Header.Get(HeaderSignature) != Sign([]byte(secret), r.Header.Get(HeaderTimestamp), raw) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		json.Unmarshal(raw, &got)
		w.WriteHeader(status)
	}))
	defer srv.Close()
	h := New(srv.URL, secret, time.Second)
	h.now = func() time.Time { return time.Unix(1796000000, 0) }
	if err := h.Send(context.Background(), "13800138000", "您的办件已办结"); err != nil {
		t.Fatal(err)
	}
	if got.Phone != "13800138000" || got.Text != "您的办件已办结" || got.SentAt.Unix() != 1796000000 {
		t.Fatalf("platform got %+v", got)
	}
	status = http.StatusServiceUnavailable
	if err := h.Send(context.Background(), "13800138000", "x"); !errors.Is(err, ErrRefused) {
		t.Fatalf("503: %v", err)
	}
	wrong := New(srv.URL, "another secret!!", time.Second)
	if err := wrong.Send(context.Background(), "13800138000", "x"); !errors.Is(err, ErrRefused) {
		t.Fatalf("wrong secret: %v", err)
	}
	srv.Close()
	if err := h.Send(context.Background(), "13800138000", "x"); !errors.Is(err, ErrUnreachable) {
		t.Fatalf("closed server: %v", err)
	}
}

func TestSignKnown(t *testing.T) {
	// HMAC-SHA256("key", "1.{}") computed independently (Python hmac).
	got := Sign([]byte("key"), "1", []byte("{}"))
	if got != "sha256=1ba6b8171186efc613e8bcc0cbdab2748f24984d7c5a84faa2637afa0e40d224" {
		t.Fatalf("Sign = %s", got)
	}
}
