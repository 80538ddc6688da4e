package centre

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Version is the centre.toml version this build reads.
const Version = 1

// ErrConfig is returned for a centre.toml that does not parse or validate;
// the message names the field.
var ErrConfig = errors.New("centre: config")

// Config is centre.toml.
type Config struct {
	Version  int      `toml:"version"`
	Name     string   `toml:"name"`
	NATS     NATS     `toml:"nats"`
	Postgres Postgres `toml:"postgres"`
	HTTP     HTTP     `toml:"http"`
	Halls    Halls    `toml:"halls"`
	Admins   []Admin  `toml:"admin"`
}

// NATS is the [nats] table: how the centre reaches the servers and the
// files it owns beside them.
type NATS struct {
	URLs        []string `toml:"urls"`
	Credentials string   `toml:"credentials"` // the centre's nkey seed file
	CA          string   `toml:"ca"`          // CA of the servers' TLS certificates; "" without TLS
	AuthFile    string   `toml:"auth_file"`   // the authorization file nats-server includes
	PidFile     string   `toml:"pid_file"`    // nats-server's pid_file; "" reloads nothing
	SeedDir     string   `toml:"seed_dir"`    // new halls' seed files
}

// Postgres is the [postgres] table.
type Postgres struct {
	DSN string `toml:"dsn"`
}

// HTTP is the [http] table.
type HTTP struct {
	Listen string `toml:"listen"`
}

// Halls is the [halls] table: the streams' settings and when a hall counts
// as offline.
type Halls struct {
	Replicas      int `toml:"replicas"`       // 1, or 3 on a 3-node cluster
	RetentionDays int `toml:"retention_days"` // how long a stream keeps events (they are in PostgreSQL)
	StaleSeconds  int `toml:"stale_seconds"`  // a live record older than this: "last known"
}

// Admin is one [[admin]]: a centre administrator and the hash of their PIN
// (`halld hash-pin`).
type Admin struct {
	ID      string `toml:"id"`
	Name    string `toml:"name"`
	PINHash string `toml:"pin_hash"`
}

// LoadConfig reads and validates centre.toml.
func LoadConfig(path string) (Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("%w: %v", ErrConfig, err)
	}
	return ParseConfig(data, path)
}

// ParseConfig validates centre.toml's content; name is used in messages.
func ParseConfig(data []byte, name string) (Config, error) {
	c := Config{HTTP: HTTP{Listen: ":8090"}, Halls: Halls{Replicas: 1, RetentionDays: 30, StaleSeconds: 120}}
	md, err := toml.Decode(string(data), &c)
	if err != nil {
		return Config{}, fmt.Errorf("%w: %s: %v", ErrConfig, name, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		return Config{}, fmt.Errorf("%w: %s: unknown field %s", ErrConfig, name, strings.Join(keys, ", "))
	}
	if err := c.validate(); err != nil {
		return Config{}, fmt.Errorf("%w: %s: %v", ErrConfig, name, err)
	}
	return c, nil
}

func (c *Config) validate() error {
	switch {
	case c.Version != Version:
		return fmt.Errorf("version: %d, this build reads %d", c.Version, Version)
	case len(c.NATS.URLs) == 0:
		return errors.New("nats.urls: at least one server URL")
	case c.NATS.Credentials == "":
		return errors.New("nats.credentials: the centre's nkey seed file is required")
	case c.NATS.AuthFile == "":
		return errors.New("nats.auth_file: the authorization file nats-server includes is required")
	case c.NATS.SeedDir == "":
		return errors.New("nats.seed_dir: a directory for new halls' seed files is required")
	case c.Postgres.DSN == "":
		return errors.New("postgres.dsn: required")
	case c.HTTP.Listen == "":
		return errors.New("http.listen: required")
	case c.Halls.Replicas != 1 && c.Halls.Replicas != 3:
		return fmt.Errorf("halls.replicas: %d, want 1 or 3", c.Halls.Replicas)
	case c.Halls.RetentionDays < 1:
		return fmt.Errorf("halls.retention_days: %d, want at least 1", c.Halls.RetentionDays)
	case c.Halls.StaleSeconds < 10:
		return fmt.Errorf("halls.stale_seconds: %d, want at least 10", c.Halls.StaleSeconds)
	case len(c.Admins) == 0:
		return errors.New("admin: at least one [[admin]] is required")
	}
	for i, u := range c.NATS.URLs {
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "nats" && p.Scheme != "tls") || p.Host == "" {
			return fmt.Errorf("nats.urls[%d]: %q is not a nats:// or tls:// URL", i, u)
		}
	}
	seen := map[string]bool{}
	for i, a := range c.Admins {
		switch {
		case a.ID == "" || strings.ContainsAny(a.ID, " \t"):
			return fmt.Errorf("admin[%d].id: %q, want a login name without spaces", i, a.ID)
		case seen[a.ID]:
			return fmt.Errorf("admin[%d].id: %q twice", i, a.ID)
		case !strings.HasPrefix(a.PINHash, "pbkdf2-sha256$") || strings.Count(a.PINHash, "$") != 3:
			return fmt.Errorf("admin[%d].pin_hash: not a `halld hash-pin` value", i)
		}
		seen[a.ID] = true
	}
	return nil
}

// Retention is how long a hall's stream keeps a message.
func (c Config) Retention() time.Duration {
	return time.Duration(c.Halls.RetentionDays) * 24 * time.Hour
}
