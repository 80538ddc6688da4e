package uplink_test

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"halld/internal/localca"
	"halld/uplink"
)

// The link over TLS: a hall trusting the centre's CA publishes; one
// trusting another CA does not connect, and says why.
func TestLinkOverTLS(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "ca"), 0o700)
	os.MkdirAll(filepath.Join(dir, "other"), 0o700)
	ca, _, err := localca.Open(filepath.Join(dir, "ca"), "测试中心", []string{"localhost"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	cert, err := ca.Issue([]string{"127.0.0.1", "localhost"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	key, err := x509.MarshalPKCS8PrivateKey(cert.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile, caFile := filepath.Join(dir, "server.crt"), filepath.Join(dir, "server.key"), filepath.Join(dir, "centre-ca.pem")
	var chain []byte
	for _, der := range cert.Certificate {
		chain = append(chain, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})...)
	}
	os.WriteFile(certFile, chain, 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: key}), 0o600)
	os.WriteFile(caFile, ca.CertPEM(), 0o600)

	c := newCentreTLS(t, fmt.Sprintf("tls {\n  cert_file: %q\n  key_file: %q\n}\n", certFile, keyFile), caFile, hallA)
	h := openHall(t, hallA, "")
	h.work(20)
	h.start(c.config(hallA))
	c.caughtUp(h)
	c.sameAsLog(h)
	h.stop()

	other, _, err := localca.Open(filepath.Join(dir, "other"), "别的中心", []string{"localhost"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	otherFile := filepath.Join(dir, "other-ca.pem")
	os.WriteFile(otherFile, other.CertPEM(), 0o600)
	cfg := c.config(hallA)
	cfg.CA = otherFile
	h.start(cfg)
	eventually(t, 30*time.Second, "a certificate error", func() bool {
		s := h.link.Status()
		return s.State == uplink.StateConnecting && strings.Contains(s.LastError, "certificate")
	})
}
