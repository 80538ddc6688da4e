package main

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"halld/internal/browsertest"
	"halld/internal/localca"
)

// TestScreensOverHTTPS: Chromium, trusting the hall's CA (by its key, as
// a terminal that imported /ca.crt), runs the simulated devices page and
// the big screen over HTTPS under the Content-Security-Policy: the screen
// follows the wss event stream and shows a call; the printed QR is https.
func TestScreensOverHTTPS(t *testing.T) {
	d, data := startHTTPSDaemon(t)
	caPEM, _ := os.ReadFile(filepath.Join(data, localca.CertFile))
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(caPEM)
	ca, _, err := localca.Open(data, "", nil, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	spki := sha256.Sum256(ca.Certificate().RawSubjectPublicKeyInfo)
	ctx := browsertest.New(t, 1600, 1000,
		chromedp.Flag("ignore-certificate-errors-spki-list", base64.StdEncoding.EncodeToString(spki[:])))
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.base+"/sim/"),
		chromedp.WaitVisible(chromedp.CSS(`[data-button="button-social"]`)),
		chromedp.Click(chromedp.CSS(`[data-button="button-social"]`)),
		waitText(".ticket", "B001"),
		waitText(".ticket .qr", "https://halld.hall.lan:"),
	); err != nil {
		t.Fatalf("/sim/ over https: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(d.base+"/screen/"), chromedp.WaitVisible(chromedp.ID("latest-number"))); err != nil {
		t.Fatalf("/screen/ over https: %v", err)
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}}
	resp, err := client.Post(d.base+"/api/v1/login", "application/json", strings.NewReader(`{"staff":"w5","pin":"`+ownPIN+`","window":5}`))
	if err != nil {
		t.Fatal(err)
	}
	var login struct{ Token string }
	json.NewDecoder(resp.Body).Decode(&login)
	resp.Body.Close()
	req, _ := http.NewRequest("POST", d.base+"/api/v1/windows/5/call", nil)
	req.Header.Set("Authorization", "Bearer "+login.Token)
	if resp, err = client.Do(req); err != nil || resp.StatusCode != 200 {
		t.Fatalf("call: %v %v", resp, err)
	}
	resp.Body.Close()
	if err := chromedp.Do(ctx, waitText("#latest-number", "B001")); err != nil {
		t.Fatalf("the screen did not show the call from the wss stream: %v", err)
	}
	browsertest.Screenshot(t, ctx, "screen-https")
}
