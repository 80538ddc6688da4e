// Package localca is a hall's own certificate authority, so that halld can
// serve HTTPS on a hall LAN that has no public name: on first start it makes
// a CA (an ECDSA P-256 key and a ten-year certificate, both 0600 files in the
// data directory), and it issues the server's certificate for the names and
// addresses the hall uses, again whenever it nears its end.
//
// Terminals trust the CA once (its certificate is served at /ca.crt; see the
// README). The CA is name-constrained: it can vouch only for the DNS names it
// was made for (and names under them) and for loopback and private
// addresses, so its key, if stolen from a board, cannot impersonate any other
// site to the terminals that trust it.
//
// Caveats: applicants' own phones do not trust a hall's CA and show a
// warning; a hall whose phones must not see one uses a certificate of a
// public CA for its public name instead (the daemon's [tls] cert and key).
// Deleting the CA's files makes a new CA on the next start, which every
// terminal must trust again. A name added later outside the constraints
// needs a new CA (ErrOutsideConstraints says so).
package localca

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Files of the CA in its directory.
const (
	CertFile = "ca.crt"
	KeyFile  = "ca.key"
)

// Lifetimes. Browsers refuse server certificates valid for more than 398
// days (Apple: 825 for private CAs); the server's is renewed well before.
const (
	caLife     = 10 * 365 * 24 * time.Hour
	serverLife = 397 * 24 * time.Hour
	renewAt    = 30 * 24 * time.Hour // before the end
)

// Errors.
var (
	// ErrDamaged: the CA's files are missing in part, unreadable or do not
	// belong together; nothing is replaced (terminals trust the old CA).
	ErrDamaged = errors.New("localca: CA files damaged")
	// ErrOutsideConstraints: a host the CA was not made for.
	ErrOutsideConstraints = errors.New("localca: host outside the CA's names")
)

// privateNets are the addresses the CA may vouch for: loopback, RFC 1918,
// link-local and IPv6 unique local.
var privateNets = func() []*net.IPNet {
	var out []*net.IPNet
	for _, s := range []string{"127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16",
		"::1/128", "fc00::/7", "fe80::/10"} {
		_, n, _ := net.ParseCIDR(s)
		out = append(out, n)
	}
	return out
}()

// CA is a loaded hall CA.
type CA struct {
	cert    *x509.Certificate
	key     *ecdsa.PrivateKey
	certPEM []byte
}

// Open loads the CA in dir, or makes one when neither of its files exists:
// name goes into its subject (the hall's name), dnsNames are the names it
// may vouch for ("localhost" is always added). created reports a new CA.
func Open(dir, name string, dnsNames []string, now time.Time) (ca *CA, created bool, err error) {
	certPath, keyPath := filepath.Join(dir, CertFile), filepath.Join(dir, KeyFile)
	certPEM, cerr := os.ReadFile(certPath)
	keyPEM, kerr := os.ReadFile(keyPath)
	switch {
	case errors.Is(cerr, os.ErrNotExist) && errors.Is(kerr, os.ErrNotExist):
		ca, err := create(dir, name, dnsNames, now)
		return ca, err == nil, err
	case cerr != nil || kerr != nil:
		return nil, false, fmt.Errorf("%w: %s, %s: %v", ErrDamaged, certPath, keyPath, errors.Join(cerr, kerr))
	}
	ca, err = parse(certPEM, keyPEM)
	if err != nil {
		return nil, false, fmt.Errorf("%w: %s: %v", ErrDamaged, dir, err)
	}
	if now.After(ca.cert.NotAfter) {
		return nil, false, fmt.Errorf("%w: the CA expired on %s; remove %s and %s to make a new one", ErrDamaged,
			ca.cert.NotAfter.Format(time.DateOnly), certPath, keyPath)
	}
	return ca, false, nil
}

func create(dir, name string, dnsNames []string, now time.Time) (*CA, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:                serial(),
		Subject:                     pkix.Name{CommonName: "halld 本地根证书 " + name, Organization: []string{name}},
		NotBefore:                   now.Add(-time.Hour), // a terminal's clock a little behind
		NotAfter:                    now.Add(caLife),
		IsCA:                        true,
		BasicConstraintsValid:       true,
		MaxPathLenZero:              true,
		KeyUsage:                    x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		PermittedDNSDomainsCritical: true,
		PermittedDNSDomains:         withLocalhost(dnsNames),
		PermittedIPRanges:           privateNets,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, err
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder})
	// The key first: a cert without its key is reported as damage, never
	// silently replaced by a CA the terminals do not trust.
	if err := writeFile(filepath.Join(dir, KeyFile), keyPEM); err != nil {
		return nil, err
	}
	if err := writeFile(filepath.Join(dir, CertFile), certPEM); err != nil {
		return nil, err
	}
	return parse(certPEM, keyPEM)
}

// writeFile writes data durably and atomically, readable by halld only.
func writeFile(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path))
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

func parse(certPEM, keyPEM []byte) (*CA, error) {
	cb, _ := pem.Decode(certPEM)
	kb, _ := pem.Decode(keyPEM)
	if cb == nil || cb.Type != "CERTIFICATE" || kb == nil || kb.Type != "EC PRIVATE KEY" {
		return nil, errors.New("not a PEM certificate and EC key")
	}
	cert, err := x509.ParseCertificate(cb.Bytes)
	if err != nil {
		return nil, err
	}
	key, err := x509.ParseECPrivateKey(kb.Bytes)
	if err != nil {
		return nil, err
	}
	if !cert.IsCA || !key.PublicKey.Equal(cert.PublicKey) {
		return nil, errors.New("the key does not belong to the CA certificate")
	}
	return &CA{cert: cert, key: key, certPEM: certPEM}, nil
}

func serial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		panic(err) // crypto/rand does not fail on Linux
	}
	return n
}

func withLocalhost(names []string) []string {
	out := []string{"localhost"}
	for _, n := range names {
		if n = strings.ToLower(strings.TrimSuffix(n, ".")); n != "" && n != "localhost" {
			out = append(out, n)
		}
	}
	return out
}

// CertPEM is the CA's certificate, for terminals to trust.
func (ca *CA) CertPEM() []byte { return bytes.Clone(ca.certPEM) }

// Certificate is the CA's parsed certificate.
func (ca *CA) Certificate() *x509.Certificate { return ca.cert }

// Fingerprint is the SHA-256 of the CA's certificate, as colon-separated
// hex: what a terminal's certificate dialog shows, to check the download.
func (ca *CA) Fingerprint() string {
	sum := sha256.Sum256(ca.cert.Raw)
	parts := make([]string, len(sum))
	for i, b := range sum {
		parts[i] = fmt.Sprintf("%02X", b)
	}
	return strings.Join(parts, ":")
}

// Issue makes a server certificate for hosts (DNS names and IP addresses)
// valid from now. Hosts outside the CA's constraints are refused.
func (ca *CA) Issue(hosts []string, now time.Time) (*tls.Certificate, error) {
	if len(hosts) == 0 {
		return nil, errors.New("localca: no host names")
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: hosts[0]},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(serverLife),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	if tmpl.NotAfter.After(ca.cert.NotAfter) {
		tmpl.NotAfter = ca.cert.NotAfter
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		return nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	// Check what terminals will check, name constraints included.
	roots := x509.NewCertPool()
	roots.AddCert(ca.cert)
	for _, h := range hosts {
		if _, err := leaf.Verify(x509.VerifyOptions{Roots: roots, DNSName: h, CurrentTime: now}); err != nil {
			return nil, fmt.Errorf("%w: %s (the CA vouches for %s and private addresses; remove %s and %s from the data directory to make a new CA): %v",
				ErrOutsideConstraints, h, strings.Join(ca.cert.PermittedDNSDomains, ", "), CertFile, KeyFile, err)
		}
	}
	return &tls.Certificate{Certificate: [][]byte{der, ca.cert.Raw}, PrivateKey: key, Leaf: leaf}, nil
}

// Server keeps a server certificate for hosts and renews it before its end.
type Server struct {
	ca    *CA
	hosts []string
	now   func() time.Time

	mu      sync.Mutex
	cert    *tls.Certificate
	failed  string    // the last renewal's error, "" while renewals succeed
	retryAt time.Time // failing: no new attempt before (each costs a key)

	log    *slog.Logger
	report func(error)
}

// renewRetry is how long a failed renewal waits before the next attempt;
// handshakes meanwhile get the old certificate.
const renewRetry = time.Minute

// NewServer issues the first certificate at once, so a bad host fails the
// start rather than the first connection. now nil means time.Now.
func (ca *CA) NewServer(hosts []string, now func() time.Time) (*Server, error) {
	if now == nil {
		now = time.Now
	}
	s := &Server{ca: ca, hosts: hosts, now: now, log: slog.New(slog.DiscardHandler)}
	cert, err := ca.Issue(hosts, now())
	if err != nil {
		return nil, err
	}
	s.cert = cert
	return s, nil
}

// Report sets where renewal failures go: log gets one line when renewal
// starts failing (or fails differently) and one when it succeeds again,
// not one per handshake; report, if not nil, is called with the error
// and then with nil on the next success (a device alarm, say). Call it
// before serving.
func (s *Server) Report(log *slog.Logger, report func(error)) {
	if log != nil {
		s.log = log
	}
	s.report = report
}

// NotAfter is the end of the certificate served now.
func (s *Server) NotAfter() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cert.Leaf.NotAfter
}

// GetCertificate is for tls.Config: the current certificate, renewed
// (with the same hosts) within 30 days of its end. A renewal that fails
// keeps the old certificate and is tried again a minute later.
func (s *Server) GetCertificate(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	s.mu.Lock()
	now := s.now()
	if !now.After(s.cert.Leaf.NotAfter.Add(-renewAt)) || now.Before(s.retryAt) {
		defer s.mu.Unlock()
		return s.cert, nil
	}
	cert, err := s.ca.Issue(s.hosts, now)
	var changed bool
	if err != nil {
		changed = s.failed != err.Error()
		s.failed, s.retryAt = err.Error(), now.Add(renewRetry)
		err = fmt.Errorf("localca: renewing the server certificate (it ends %s): %w", s.cert.Leaf.NotAfter.Format(time.DateOnly), err)
	} else {
		changed = s.failed != ""
		s.cert, s.failed, s.retryAt = cert, "", time.Time{}
	}
	current, report := s.cert, s.report
	s.mu.Unlock()
	// Outside the lock: report may commit an alarm, and other handshakes
	// need not wait for it.
	if changed {
		if err != nil {
			s.log.Error("https certificate renewal failed; serving the old certificate", "hosts", strings.Join(s.hosts, ","), "err", err)
		} else {
			s.log.Info("https certificate renewed after failures", "until", current.Leaf.NotAfter.Format(time.DateOnly))
		}
		if report != nil {
			report(err)
		}
	}
	return current, nil
}
