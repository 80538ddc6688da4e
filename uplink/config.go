package uplink

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/nats-io/nats.go"

	"halld/hallnet"
)

// ErrConfig is returned for a [centre] table that cannot work.
var ErrConfig = errors.New("uplink: bad [centre] config")

// Config is a hall file's [centre] table. Without one the hall is alone
// and nothing here runs.
type Config struct {
	// Servers are the centre's NATS URLs (nats:// or tls://), one per
	// cluster node; the link tries them in turn.
	Servers []string `toml:"servers"`
	// Hall is the hall's id: its 12-digit 行政区划代码, a dash, its number.
	Hall string `toml:"hall"`
	// Credentials is the file the centre issued for this hall: an nkey
	// seed (one line, "SU…") or a NATS .creds file (JWT and seed).
	Credentials string `toml:"credentials"`
	// CA is a PEM file of the CA that signed the centre's certificate;
	// with it the link requires TLS. Empty: the system's roots, and TLS
	// only when a URL says tls://.
	CA string `toml:"ca"`
}

// Validate checks the table, naming the field at fault; files must exist
// and be readable.
func (c Config) Validate() error {
	if len(c.Servers) == 0 {
		return fmt.Errorf(`%w: centre.servers: name the centre's NATS servers, e.g. ["tls://centre.example.gov.cn:4222"]`, ErrConfig)
	}
	for i, s := range c.Servers {
		u, err := url.Parse(s)
		if err != nil || u.Host == "" || (u.Scheme != "nats" && u.Scheme != "tls") || u.Port() == "" {
			return fmt.Errorf("%w: centre.servers[%d]: %q is not nats://host:port or tls://host:port", ErrConfig, i, s)
		}
		if u.User != nil {
			return fmt.Errorf("%w: centre.servers[%d]: no user or password in the URL; use centre.credentials", ErrConfig, i)
		}
	}
	if err := hallnet.ValidateHallID(c.Hall); err != nil {
		return fmt.Errorf("%w: centre.hall: %v", ErrConfig, err)
	}
	if c.Credentials == "" {
		return fmt.Errorf("%w: centre.credentials: name the seed or .creds file the centre issued for this hall", ErrConfig)
	}
	if _, err := c.credentials(); err != nil {
		return err
	}
	if c.CA != "" {
		if _, err := os.Stat(c.CA); err != nil {
			return fmt.Errorf("%w: centre.ca: %v", ErrConfig, err)
		}
	}
	return nil
}

// credentials returns the connect option of the credentials file.
func (c Config) credentials() (nats.Option, error) {
	data, err := os.ReadFile(c.Credentials)
	if err != nil {
		return nil, fmt.Errorf("%w: centre.credentials: %v", ErrConfig, err)
	}
	if bytes.Contains(data, []byte("BEGIN NATS USER JWT")) {
		return nats.UserCredentials(c.Credentials), nil
	}
	if !bytes.HasPrefix(bytes.TrimSpace(data), []byte("SU")) {
		return nil, fmt.Errorf("%w: centre.credentials: %s holds neither a user nkey seed (SU…) nor a .creds file", ErrConfig, c.Credentials)
	}
	opt, err := nats.NkeyOptionFromSeed(c.Credentials)
	if err != nil {
		return nil, fmt.Errorf("%w: centre.credentials: %v", ErrConfig, err)
	}
	return opt, nil
}

// options are the connection's options. The link reconnects itself (and
// re-reads the stream) after a lost connection, so the client's own
// reconnection is off.
func (c Config) options(onClosed func(), onAsync func(error)) ([]nats.Option, error) {
	cred, err := c.credentials()
	if err != nil {
		return nil, err
	}
	opts := []nats.Option{
		cred,
		nats.Name("halld " + c.Hall),
		nats.CustomInboxPrefix(hallnet.InboxPrefix(c.Hall)),
		nats.MaxReconnects(0),
		nats.Timeout(10 * time.Second),
		nats.ClosedHandler(func(*nats.Conn) { onClosed() }),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) { onAsync(err) }),
	}
	if c.CA != "" {
		opts = append(opts, nats.RootCAs(c.CA))
	}
	return opts, nil
}

func (c Config) url() string { return strings.Join(c.Servers, ",") }
