package main

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"halld/internal/localca"
	"halld/queue/hall"
)

// TestHTTPSWithTheHallCA runs the demo hall with a [tls] table: halld makes
// its CA on first start (0600 files), serves pages, API and event stream
// over HTTPS with a certificate a client trusting only that CA accepts,
// serves the CA at /ca.crt, prints https QR codes and sends the security
// headers. Real TLS clients against the real server.
func TestHTTPSWithTheHallCA(t *testing.T) {
	d, data := startHTTPSDaemon(t)
	for _, f := range []string{localca.CertFile, localca.KeyFile} {
		if st, err := os.Stat(filepath.Join(data, f)); err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v, mode %v; want 0600", f, err, st.Mode())
		}
	}
	caPEM, _ := os.ReadFile(filepath.Join(data, localca.CertFile))
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(caPEM) {
		t.Fatal("ca.crt is not a PEM certificate")
	}
	trusting := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}}

	resp, err := trusting.Get(d.base + "/")
	if err != nil {
		t.Fatalf("a client trusting the hall CA: %v", err)
	}
	resp.Body.Close()
	if resp.TLS == nil || resp.TLS.Version < tls.VersionTLS12 {
		t.Errorf("TLS state %+v", resp.TLS)
	}
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self';") || !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "'unsafe-eval'") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("X-Content-Type-Options %q", resp.Header.Get("X-Content-Type-Options"))
	}
	// The same name and address a terminal would use.
	hostClient := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots, ServerName: "halld.hall.lan"}}}
	if resp, err := hostClient.Get(d.base + "/api/v1/hall"); err != nil {
		t.Errorf("by the hall's name: %v", err)
	} else {
		resp.Body.Close()
	}
	if _, err := http.Get(d.base + "/api/v1/hall"); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("a client that does not trust the CA: %v", err)
	}
	// An old http:// address (a bookmark, a screen's URL) is sent to https.
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	plain := strings.Replace(d.base, "https://", "http://", 1)
	if resp, err := noFollow.Get(plain + "/screen/?windows=1,2"); err != nil {
		t.Errorf("plain HTTP: %v", err)
	} else {
		resp.Body.Close()
		if resp.StatusCode != http.StatusPermanentRedirect || resp.Header.Get("Location") != d.base+"/screen/?windows=1,2" {
			t.Errorf("plain HTTP: %d to %q, want 308 to the https URL", resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	redirected := &http.Client{Transport: trusting.Transport}
	if resp, err := redirected.Get(plain + "/api/v1/hall"); err != nil || resp.StatusCode != 200 || resp.TLS == nil {
		t.Errorf("following the redirect: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}

	resp, err = trusting.Get(d.base + "/ca.crt")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(got, caPEM) || resp.Header.Get("Content-Type") != "application/x-x509-ca-cert" {
		t.Errorf("/ca.crt: %s %q", resp.Header.Get("Content-Type"), got)
	}

	// The event stream over wss, and a kiosk ticket whose QR code is https.
	dialer := websocket.Dialer{TLSClientConfig: &tls.Config{RootCAs: roots}}
	ws, _, err := dialer.Dial(strings.Replace(d.base, "https://", "wss://", 1)+"/api/v1/events", nil)
	if err != nil {
		t.Fatalf("wss: %v", err)
	}
	defer ws.Close()
	resp, err = trusting.Post(d.base+"/api/v1/kiosks/1/tickets", "application/json", strings.NewReader(`{"service":"estate"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("kiosk ticket: %d", resp.StatusCode)
	}
	ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	for seen := 0; ; seen++ { // device states first, then the ticket
		var ev struct{ Type string }
		if err := ws.ReadJSON(&ev); err != nil || seen > 100 {
			t.Fatalf("no ticket.issued over wss: %v", err)
		}
		if ev.Type == "ticket.issued" {
			break
		}
	}
	resp, err = trusting.Get(d.base + "/sim/state.json")
	if err != nil {
		t.Fatal(err)
	}
	var sim struct {
		Printers []struct {
			Tickets []struct {
				Lines []struct{ QR string }
			}
		}
	}
	json.NewDecoder(resp.Body).Decode(&sim)
	resp.Body.Close()
	var qr string
	for _, p := range sim.Printers {
		for _, tk := range p.Tickets {
			for _, l := range tk.Lines {
				qr += l.QR
			}
		}
	}
	if !strings.HasPrefix(qr, "https://halld.hall.lan:") || !strings.Contains(qr, "/t/") {
		t.Errorf("printed QR code %q, want https://halld.hall.lan:<port>/t/…", qr)
	}
}

// startHTTPSDaemon runs the demo hall with a [tls] table naming
// halld.hall.lan and 127.0.0.1; it returns the daemon and its data directory.
// ownPIN is every member's PIN in ownDemoTOML.
const ownPIN = "480913"

// ownDemoTOML is the demo hall's file as a real hall would copy it: a file
// given with -config may not carry the demo's published PIN hash, so every
// member gets ownPIN instead.
func ownDemoTOML(t *testing.T) string {
	t.Helper()
	own, err := hall.HashPIN(ownPIN)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(hall.DemoTOML())
	for _, st := range hall.Demo().Staff {
		doc = strings.ReplaceAll(doc, st.PINHash, own)
	}
	return doc
}

func startHTTPSDaemon(t *testing.T) (*daemon, string) {
	t.Helper()
	dir := t.TempDir()
	conf := filepath.Join(dir, "hall.toml")
	doc := ownDemoTOML(t) + "\n[tls]\nhosts = [\"halld.hall.lan\", \"127.0.0.1\"]\n"
	if err := os.WriteFile(conf, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	d := startDaemon(t, "-config", conf, "-data", data)
	if !strings.HasPrefix(d.base, "https://") {
		t.Fatalf("halld announces %s, want https", d.base)
	}
	return d, data
}

// TestTLSConfigIsStrict: a bad [tls] table stops halld with the field named.
func TestTLSConfigIsStrict(t *testing.T) {
	for edit, want := range map[string]string{
		"hosts = [\"https://hall.lan\"]":     "tls.hosts[0]",
		"hosts = []":                         "tls.hosts",
		"cert = \"/x.pem\"\nhosts = [\"a\"]": "cert and key go together",
		"host = [\"a\"]":                     "unknown field tls.host",
	} {
		conf := filepath.Join(t.TempDir(), "hall.toml")
		os.WriteFile(conf, []byte(ownDemoTOML(t)+"\n[tls]\n"+edit+"\n"), 0o600)
		err := run(t.Context(), []string{"-listen", "127.0.0.1:0", "-data", t.TempDir(), "-config", conf}, nil, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", edit, err, want)
		}
	}
}

// TestRedirectableHosts: only a host name or address (and a port) from a
// plain request's Host header goes into the https redirect.
func TestRedirectableHosts(t *testing.T) {
	for host, want := range map[string]bool{
		"halld.hall.lan": true, "halld.hall.lan:8080": true, "192.168.1.10:8443": true, "[::1]:8080": true,
		"": false, "evil.com/x": false, "a b": false, "evil.com\r\nSet-Cookie: x": false, "@evil.com": false,
	} {
		if got := redirectable(host); got != want {
			t.Errorf("redirectable(%q) = %v, want %v", host, got, want)
		}
	}
}
