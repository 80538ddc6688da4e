package equip

import (
	"bytes"
	"image/png"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestServeQR(t *testing.T) {
	for _, tc := range []struct {
		query string
		code  int
	}{
		{"?level=M&data=http://10.0.0.2/t/abc", 200},
		{"?level=X&data=abc", 400},
		{"?level=M", 400},
	} {
		rec := httptest.NewRecorder()
		serveQR(rec, httptest.NewRequest("GET", "/sim/qr.png"+tc.query, nil))
		if rec.Code != tc.code {
			t.Errorf("%s: %d", tc.query, rec.Code)
			continue
		}
		if tc.code == http.StatusOK {
			img, err := png.Decode(bytes.NewReader(rec.Body.Bytes()))
			if err != nil || img.Bounds().Dx() < 21*4 {
				t.Errorf("%s: not a QR PNG: %v", tc.query, err)
			}
		}
	}
}
