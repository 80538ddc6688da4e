package main

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"halld/device/smshook"
	"halld/queue/hall"
	"halld/queue/sms"
)

func TestLoadSMS(t *testing.T) {
	demo := string(hall.DemoTOML())
	tests := []struct {
		name, sms, want string
	}{
		{"demo", "", ""},
		{"unknown key", "[sms]\nenabled = true\nspeed = 3\n", "sms.speed"},
		{"bad rate", "[sms]\nenabled = true\nrate_per_minute = 0\nmax_attempts = 99\n", "sms.max_attempts"},
		{"bad placeholder", "[sms]\nenabled = true\ntexts = { near = \"{name}\" }\n", "sms.texts.near"},
		{"webhook", "[sms]\nenabled = true\n[sms.webhook]\nurl = \"https://sms.example/send\"\nsecret = \"0123456789abcdef\"\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := demo
			if tt.sms != "" {
				i := strings.Index(src, "[sms]")
				src = src[:i] + tt.sms
			}
			h, err := hall.Parse([]byte(src), "hall.toml")
			if err != nil {
				t.Fatal(err)
			}
			c, err := loadSMS(h)
			if tt.want != "" {
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("loadSMS = %v, want an error naming %s", err, tt.want)
				}
				return
			}
			if err != nil || !c.Enabled {
				t.Fatalf("loadSMS = %+v, %v", c, err)
			}
		})
	}
}

// An unreachable platform leaves messages waiting; a refusal is an attempt.
func TestWebhookSender(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "quota exceeded", http.StatusTooManyRequests)
	}))
	s := webhookSender{smshook.New(srv.URL, "0123456789abcdef", 0)}
	err := s.Send(context.Background(), "13800138000", "x")
	if !errors.Is(err, smshook.ErrRefused) || errors.Is(err, sms.ErrUnavailable) {
		t.Fatalf("429: %v", err)
	}
	srv.Close()
	if err := s.Send(context.Background(), "13800138000", "x"); !errors.Is(err, sms.ErrUnavailable) {
		t.Fatalf("closed: %v", err)
	}
}
