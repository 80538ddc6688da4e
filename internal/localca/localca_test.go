package localca

import (
	"crypto/x509"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func TestOpenCreatesOnceAndKeepsTheKeyPrivate(t *testing.T) {
	dir := t.TempDir()
	ca, created, err := Open(dir, "测试大厅", []string{"hall.lan"}, t0)
	if err != nil || !created {
		t.Fatalf("first open: %v, created %v", err, created)
	}
	for _, f := range []string{CertFile, KeyFile} {
		st, err := os.Stat(filepath.Join(dir, f))
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v %v, want mode 0600", f, st.Mode(), err)
		}
	}
	again, created, err := Open(dir, "测试大厅", []string{"other.lan"}, t0.Add(time.Hour))
	if err != nil || created || again.Fingerprint() != ca.Fingerprint() {
		t.Fatalf("second open made another CA or failed: %v, created %v", err, created)
	}
	if c := ca.Certificate(); !c.IsCA || !c.PermittedDNSDomainsCritical || len(c.PermittedDNSDomains) != 2 {
		t.Errorf("CA certificate %+v", c.PermittedDNSDomains)
	}
}

func TestIssueVerifiesForHostsAndRefusesOthers(t *testing.T) {
	ca, _, err := Open(t.TempDir(), "测试大厅", []string{"hall.lan"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	hosts := []string{"hall.lan", "kiosk.hall.lan", "localhost", "192.168.1.10", "127.0.0.1", "::1"}
	cert, err := ca.Issue(hosts, t0)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(ca.Certificate())
	for _, h := range hosts {
		if _, err := cert.Leaf.Verify(x509.VerifyOptions{Roots: roots, DNSName: h, CurrentTime: t0}); err != nil {
			t.Errorf("%s: %v", h, err)
		}
	}
	if d := cert.Leaf.NotAfter.Sub(t0); d > 398*24*time.Hour {
		t.Errorf("server certificate valid %v: browsers refuse more than 398 days", d)
	}
	for _, h := range []string{"www.gov.cn", "8.8.8.8"} {
		if _, err := ca.Issue([]string{h}, t0); !errors.Is(err, ErrOutsideConstraints) {
			t.Errorf("issued for %s: %v", h, err)
		}
	}
}

func TestDamagedFilesAreNotReplaced(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := Open(dir, "h", nil, t0); err != nil {
		t.Fatal(err)
	}
	other := t.TempDir()
	if _, _, err := Open(other, "h", nil, t0); err != nil {
		t.Fatal(err)
	}
	key, _ := os.ReadFile(filepath.Join(other, KeyFile))
	cases := map[string]func(){
		"key missing":  func() { os.Remove(filepath.Join(dir, KeyFile)) },
		"foreign key":  func() { os.WriteFile(filepath.Join(dir, KeyFile), key, 0o600) },
		"garbage cert": func() { os.WriteFile(filepath.Join(dir, CertFile), []byte("x"), 0o600) },
	}
	for name, damage := range cases {
		t.Run(name, func(t *testing.T) {
			dir = t.TempDir()
			if _, _, err := Open(dir, "h", nil, t0); err != nil {
				t.Fatal(err)
			}
			damage()
			if _, _, err := Open(dir, "h", nil, t0); !errors.Is(err, ErrDamaged) {
				t.Errorf("err = %v, want ErrDamaged", err)
			}
		})
	}
	if _, _, err := Open(other, "h", nil, t0.Add(11*365*24*time.Hour)); !errors.Is(err, ErrDamaged) {
		t.Errorf("expired CA: %v", err)
	}
}

func TestServerRenewsBeforeTheEnd(t *testing.T) {
	ca, _, err := Open(t.TempDir(), "h", nil, t0)
	if err != nil {
		t.Fatal(err)
	}
	now := t0
	s, err := ca.NewServer([]string{"localhost"}, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	first, _ := s.GetCertificate(nil)
	now = t0.Add(300 * 24 * time.Hour)
	if c, _ := s.GetCertificate(nil); c != first {
		t.Error("renewed too early")
	}
	now = t0.Add(370 * 24 * time.Hour)
	if c, _ := s.GetCertificate(nil); c == first || !c.Leaf.NotAfter.After(now.Add(300*24*time.Hour)) {
		t.Error("not renewed 27 days before the end")
	}
	if _, err := ca.NewServer([]string{"example.com"}, nil); !errors.Is(err, ErrOutsideConstraints) {
		t.Errorf("a server for a foreign name: %v", err)
	}
}

// A renewal that fails keeps the old certificate, is logged and reported
// once (not per handshake), tried again a minute later, and its recovery
// is reported too.
func TestServerReportsARenewalFailureOnce(t *testing.T) {
	ca, _, err := Open(t.TempDir(), "h", nil, t0)
	if err != nil {
		t.Fatal(err)
	}
	now := t0
	s, err := ca.NewServer([]string{"localhost"}, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	var logged strings.Builder
	var reports []error
	s.Report(slog.New(slog.NewTextHandler(&logged, nil)), func(err error) { reports = append(reports, err) })
	first, _ := s.GetCertificate(nil)

	now = t0.Add(370 * 24 * time.Hour)
	s.hosts = []string{"example.com"} // a name the CA may not vouch for: Issue fails
	for range 50 {
		if c, err := s.GetCertificate(nil); c != first || err != nil {
			t.Fatalf("a failed renewal must keep serving the old certificate: %v", err)
		}
	}
	if n := strings.Count(logged.String(), "renewal failed"); n != 1 {
		t.Errorf("%d log lines for 50 handshakes, want 1:\n%s", n, logged.String())
	}
	if len(reports) != 1 || !errors.Is(reports[0], ErrOutsideConstraints) {
		t.Fatalf("reports = %v, want one ErrOutsideConstraints", reports)
	}

	s.hosts = []string{"localhost"}
	if c, _ := s.GetCertificate(nil); c != first {
		t.Error("tried again before a minute passed")
	}
	now = now.Add(renewRetry)
	if c, _ := s.GetCertificate(nil); c == first {
		t.Error("not renewed once the cause was gone")
	}
	if len(reports) != 2 || reports[1] != nil {
		t.Errorf("reports = %v, want the failure then nil", reports)
	}
	if !strings.Contains(logged.String(), "renewed after failures") {
		t.Errorf("the recovery is not logged:\n%s", logged.String())
	}
}
