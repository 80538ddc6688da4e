package centre_test

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"halld/centre"
	"halld/centre/provision"
	"halld/internal/localca"
	"halld/internal/natstest"
)

// TestLinkOverTLS runs nats-server with a certificate from a localca CA
// (as docs/centre.md describes): the centre connects over TLS with that
// CA; a client that does not trust the CA is refused.
func TestLinkOverTLS(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	if err := os.Mkdir(filepath.Join(dir, "ca"), 0o700); err != nil {
		t.Fatal(err)
	}
	ca, _, err := localca.Open(filepath.Join(dir, "ca"), "示例县政务服务中心", []string{"centre.lan"}, now)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := ca.Issue([]string{"localhost", "127.0.0.1"}, now)
	if err != nil {
		t.Fatal(err)
	}
	var chain []byte
	for _, der := range cert.Certificate {
		chain = append(chain, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})...)
	}
	key, err := x509.MarshalPKCS8PrivateKey(cert.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	caFile := filepath.Join(dir, "nats-ca.crt")
	if err := os.WriteFile(caFile, ca.CertPEM(), 0o644); err != nil {
		t.Fatal(err)
	}
	seed := filepath.Join(dir, "centre.nk")
	pub, err := provision.CentreKey(seed)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile := filepath.Join(dir, "server.crt"), filepath.Join(dir, "server.key")
	os.WriteFile(certFile, chain, 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: key}), 0o600)
	ns := natstest.Start(t, natstest.Options{
		Config:      fmt.Sprintf("tls {\n  cert_file: %q\n  key_file: %q\n}\ninclude halls-auth.conf\n", certFile, keyFile),
		ConfigFiles: map[string]string{"halls-auth.conf": string(provision.AuthConfig(pub, nil))},
	})
	url := strings.Replace(ns.URL, "nats://", "tls://", 1)
	cfg := centre.Config{NATS: centre.NATS{URLs: []string{url}, Credentials: seed, CA: caFile}}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	nc, err := centre.Connect(cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	if err := nc.FlushTimeout(20 * time.Second); err != nil {
		t.Fatalf("centre over TLS: %v", err)
	}
	if !nc.TLSRequired() {
		t.Fatal("the server does not require TLS")
	}
	if _, err := nc.TLSConnectionState(); err != nil {
		t.Fatalf("not a TLS connection: %v", err)
	}
	opt, _ := nats.NkeyOptionFromSeed(seed)
	if c, err := nats.Connect(url, opt); err == nil {
		c.Close()
		t.Fatal("a client without the CA was let in")
	} else if !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("without the CA: %v, want a certificate error", err)
	}
}
