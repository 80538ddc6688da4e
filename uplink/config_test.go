package uplink_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nats-io/nkeys"

	"halld/uplink"
)

func TestConfigValidate(t *testing.T) {
	dir := t.TempDir()
	kp, _ := nkeys.CreateUser()
	seed, _ := kp.Seed()
	seedFile := filepath.Join(dir, "hall.nk")
	os.WriteFile(seedFile, seed, 0o600)
	junk := filepath.Join(dir, "junk")
	os.WriteFile(junk, []byte("hello"), 0o600)
	ok := uplink.Config{Servers: []string{"tls://centre.example:4222"}, Hall: "330106001000-01", Credentials: seedFile}
	tests := []struct {
		name  string
		edit  func(*uplink.Config)
		field string // "" = valid
	}{
		{"valid", func(*uplink.Config) {}, ""},
		{"two servers", func(c *uplink.Config) { c.Servers = append(c.Servers, "nats://10.0.0.2:4222") }, ""},
		{"no servers", func(c *uplink.Config) { c.Servers = nil }, "centre.servers"},
		{"http url", func(c *uplink.Config) { c.Servers = []string{"http://centre:4222"} }, "centre.servers[0]"},
		{"no port", func(c *uplink.Config) { c.Servers = []string{"nats://centre"} }, "centre.servers[0]"},
		{"password in url", func(c *uplink.Config) { c.Servers = []string{"nats://a:b@centre:4222"} }, "centre.servers[0]"},
		{"bad hall id", func(c *uplink.Config) { c.Hall = "3301-1" }, "centre.hall"},
		{"no credentials", func(c *uplink.Config) { c.Credentials = "" }, "centre.credentials"},
		{"missing credentials", func(c *uplink.Config) { c.Credentials = filepath.Join(dir, "none") }, "centre.credentials"},
		{"not a seed", func(c *uplink.Config) { c.Credentials = junk }, "centre.credentials"},
		{"missing ca", func(c *uplink.Config) { c.CA = filepath.Join(dir, "ca.pem") }, "centre.ca"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			c.Servers = append([]string(nil), ok.Servers...)
			tt.edit(&c)
			err := c.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, uplink.ErrConfig) || !strings.Contains(err.Error(), tt.field+":") {
				t.Fatalf("err %v, want ErrConfig naming %s", err, tt.field)
			}
		})
	}
}
