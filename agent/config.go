package agent

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/BurntSushi/toml"

	"halld/equip"
)

// ErrConfig is wrapped by every board-file error; messages name the key.
var ErrConfig = errors.New("agent: invalid board config")

// Config is a satellite board's file: which board it is, its hub, and its
// devices in the same [devices] form as a hall file's.
type Config struct {
	Version int `toml:"version"`
	Agent   struct {
		Board      string `toml:"board"`       // the name the admin issued the token for
		Hub        string `toml:"hub"`         // e.g. http://192.168.1.10:8080 (the -agent flag overrides it)
		TokenFile  string `toml:"token_file"`  // a file holding the board's token
		HeartbeatS int    `toml:"heartbeat_s"` // how often the board reports to the hub (default 10)
		// CAFile is the hub's CA certificate (its /ca.crt) when the hub
		// serves HTTPS with the hall's own CA; the board trusts only it.
		CAFile string `toml:"ca_file"`
	} `toml:"agent"`
	Devices equip.Config `toml:"devices"`
}

// LoadConfig reads and checks a board file; hub, if not empty, replaces
// the file's hub URL.
func LoadConfig(path, hub string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrConfig, err)
	}
	var c Config
	md, err := toml.Decode(string(data), &c)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrConfig, path, err)
	}
	if un := md.Undecoded(); len(un) > 0 {
		keys := make([]string, len(un))
		for i, k := range un {
			keys[i] = k.String()
		}
		return nil, fmt.Errorf("%w: %s: unknown field %s", ErrConfig, path, strings.Join(keys, ", "))
	}
	if hub != "" {
		c.Agent.Hub = hub
	}
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrConfig, path, err)
	}
	return &c, nil
}

func (c *Config) validate() error {
	switch {
	case c.Version != 1:
		return fmt.Errorf("version: %d is not 1 (the only version this halld reads)", c.Version)
	case c.Agent.Board == "":
		return errors.New("agent.board: missing (the board's name, as the admin issued its token)")
	case c.Agent.TokenFile == "":
		return errors.New("agent.token_file: missing (a file holding the board's token)")
	case c.Agent.HeartbeatS == 0:
		c.Agent.HeartbeatS = 10
	}
	if c.Agent.HeartbeatS < 1 || c.Agent.HeartbeatS > 60 {
		return fmt.Errorf("agent.heartbeat_s: %d is outside 1…60", c.Agent.HeartbeatS)
	}
	u, err := url.Parse(c.Agent.Hub)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("agent.hub: %q must be the hub's http(s) URL, e.g. http://192.168.1.10:8080", c.Agent.Hub)
	}
	if c.Agent.CAFile != "" && u.Scheme != "https" {
		return fmt.Errorf("agent.ca_file: set, but agent.hub %q is not https", c.Agent.Hub)
	}
	for i, k := range c.Devices.Keypads {
		if k.Transport == equip.Tablet {
			return fmt.Errorf("devices.keypad[%d].transport: a tablet is a page of the hub, not a device of a board", i)
		}
	}
	return c.Devices.Validate(nil)
}

// IsBoardFile reports whether path is a board's file (it has an [agent]
// table) rather than a hall's: halld then runs as the board's agent.
func IsBoardFile(path string) bool {
	var v map[string]any
	md, err := toml.DecodeFile(path, &v)
	return err == nil && md.IsDefined("agent")
}

// readToken reads the board's token from its file.
func readToken(path string) (string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("agent.token_file: %w", err)
	}
	tok := strings.TrimSpace(string(raw))
	if tok == "" {
		return "", fmt.Errorf("agent.token_file: %s is empty", path)
	}
	return tok, nil
}
