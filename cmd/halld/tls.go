package main

import (
	"crypto/tls"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"halld/api"
	"halld/internal/localca"
	"halld/queue"
	"halld/queue/hall"
)

// tlsConfig is a hall file's [tls] table: with it halld serves HTTPS (pages,
// API, event stream) on -listen, with the certificate cert and key (PEM
// files, e.g. a public CA's for the name phones use) or, without them, one
// its own hall CA issues for hosts.
type tlsConfig struct {
	Hosts []string `toml:"hosts"` // the names and addresses terminals and phones use; the first is the QR code's
	Cert  string   `toml:"cert"`
	Key   string   `toml:"key"`
}

func (c tlsConfig) validate() error {
	if (c.Cert == "") != (c.Key == "") {
		return errors.New("tls: cert and key go together (both PEM files), or neither for the hall's own CA")
	}
	if c.Cert == "" && len(c.Hosts) == 0 {
		return errors.New(`tls.hosts: name the hall's host names or addresses, e.g. ["halld.hall.lan", "192.168.1.10"]`)
	}
	for i, h := range c.Hosts {
		if net.ParseIP(h) == nil && !validHostName(h) {
			return fmt.Errorf("tls.hosts[%d]: %q is not a host name or an IP address (no scheme, port or *)", i, h)
		}
	}
	return nil
}

// validHostName accepts letters, digits and hyphens in dot-separated labels.
func validHostName(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for _, l := range strings.Split(s, ".") {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

// httpsSetup is what the daemon needs to serve HTTPS.
type httpsSetup struct {
	config *tls.Config
	ca     *localca.CA     // nil with a certificate of the config
	server *localca.Server // the hall CA's renewing server certificate, or nil
	host   string          // for URLs: the first configured host ("" = from -listen)
}

// loadTLS reads [tls]; nil without one (plain HTTP, as the demo).
func loadTLS(h *hall.Hall, dataDir string, log *slog.Logger) (*httpsSetup, error) {
	if !h.Has("tls") {
		return nil, nil
	}
	var c tlsConfig
	if err := h.DecodeTable("tls", &c); err != nil {
		return nil, err
	}
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", hall.ErrInvalid, err)
	}
	s := &httpsSetup{config: &tls.Config{
		MinVersion: tls.VersionTLS12,
		// HTTP/1.1 only: the event stream is a WebSocket upgrade, which
		// needs a connection of its own.
		NextProtos: []string{"http/1.1"},
	}}
	if len(c.Hosts) > 0 {
		s.host = c.Hosts[0]
	}
	if c.Cert != "" {
		cert, err := tls.LoadX509KeyPair(c.Cert, c.Key)
		if err != nil {
			return nil, fmt.Errorf("tls.cert, tls.key: %w", err)
		}
		s.config.Certificates = []tls.Certificate{cert}
		return s, nil
	}
	var dns []string
	for _, h := range c.Hosts {
		if net.ParseIP(h) == nil {
			dns = append(dns, h)
		}
	}
	ca, created, err := localca.Open(dataDir, h.Hall.Name, dns, time.Now())
	if err != nil {
		return nil, err
	}
	if created {
		log.Warn("made the hall's own certificate authority: have every terminal trust it (/ca.crt)", "sha256", ca.Fingerprint())
	}
	srv, err := ca.NewServer(serverHosts(c.Hosts), nil)
	if err != nil {
		return nil, fmt.Errorf("tls.hosts: %w", err)
	}
	s.config.GetCertificate, s.ca, s.server = srv.GetCertificate, ca, srv
	return s, nil
}

// certDevice is the device id under which a failing renewal of the hall
// CA's server certificate shows on /admin/ (a warning: the old certificate
// serves until its end).
const certDevice = "https-cert"

// reportRenewals logs a failing renewal once and shows it as a device.
func (s *httpsSetup) reportRenewals(e *queue.Engine, log *slog.Logger) {
	if s == nil || s.server == nil {
		return
	}
	s.server.Report(log, func(err error) {
		d := queue.DeviceState{ID: certDevice, Kind: "certificate", State: queue.DeviceOK, Detail: "HTTPS证书已续期"}
		if err != nil {
			d.State = queue.DeviceWarning
			d.Detail = fmt.Sprintf("HTTPS证书续期失败，现证书 %s 到期，请查看 halld 日志", s.server.NotAfter().In(e.Hall().Location).Format(time.DateOnly))
		}
		if rerr := e.ReportDevice(d); rerr != nil {
			log.Warn("certificate state not recorded", "err", rerr)
		}
	})
}

// serverHosts are the configured hosts plus loopback and the machine's
// private addresses (a DHCP lease may change them; each start reissues).
func serverHosts(conf []string) []string {
	out := append([]string{}, conf...)
	out = append(out, "localhost", "127.0.0.1", "::1")
	if addrs, err := net.InterfaceAddrs(); err == nil {
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok && (n.IP.IsPrivate() || n.IP.IsLinkLocalUnicast()) && !n.IP.IsLoopback() {
				out = append(out, n.IP.String())
			}
		}
	}
	seen := map[string]bool{}
	uniq := out[:0]
	for _, h := range out {
		if !seen[h] {
			seen[h] = true
			uniq = append(uniq, h)
		}
	}
	return uniq
}

var caPage = template.Must(template.New("ca").Parse(`<!doctype html>
<html lang="zh-CN"><meta charset="utf-8"><title>信任本厅根证书 · {{.Hall}}</title>
<link rel="stylesheet" href="/ca.css">
<h1>信任{{.Hall}}的根证书</h1>
<p>本系统使用大厅自建的证书颁发机构（根证书）加密连接。每台窗口终端、综合屏、取号机和平板只需信任一次：</p>
<ol>
<li><a href="/ca.crt" download="halld-ca.crt">下载根证书 halld-ca.crt</a></li>
<li>核对证书的 SHA-256 指纹与此处及 halld 启动日志中的一致：<br><code>{{.Fingerprint}}</code></li>
<li>导入为受信任的根证书：
<ul>
<li>Windows：双击证书 → 安装证书 → 本地计算机 → “受信任的根证书颁发机构”。</li>
<li>Linux 终端（Chromium）：<code>sudo cp halld-ca.crt /usr/local/share/ca-certificates/ &amp;&amp; sudo update-ca-certificates</code>，
Chromium 另需：<code>certutil -d sql:$HOME/.pki/nssdb -A -t C,, -n halld -i halld-ca.crt</code>。</li>
<li>Android 平板：设置 → 安全 → 加密与凭据 → 安装证书 → CA 证书。</li>
<li>iPhone / iPad：安装描述文件后，在 设置 → 通用 → 关于本机 → 证书信任设置 中启用。</li>
</ul></li>
</ol>
<p>此证书只能为本厅的主机名和内网地址作证，不能冒充其他网站。</p>
</html>
`))

// mountCA serves the hall CA's certificate and the page that explains how
// to trust it.
func mountCA(srv *api.Server, h *hall.Hall, ca *localca.CA) {
	pem := ca.CertPEM()
	srv.Handle("GET /ca.crt", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-x509-ca-cert")
		w.Header().Set("Content-Disposition", `attachment; filename="halld-ca.crt"`)
		w.Write(pem)
	}))
	srv.Handle("GET /ca.css", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Write([]byte(`body{font-family:"Noto Sans CJK SC",sans-serif;max-width:48rem;margin:2rem auto;line-height:1.6}code{word-break:break-all}`))
	}))
	srv.Handle("GET /ca", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		caPage.Execute(w, struct{ Hall, Fingerprint string }{h.Hall.Name, ca.Fingerprint()})
	}))
}
