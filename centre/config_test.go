package centre_test

import (
	"errors"
	"strings"
	"testing"

	"halld/centre"
)

const goodConfig = `version = 1
[nats]
urls = ["nats://127.0.0.1:4222"]
credentials = "/etc/halld/centre.nk"
auth_file = "/etc/nats/halls-auth.conf"
seed_dir = "/var/lib/halld-centre/seeds"
[postgres]
dsn = "postgres://centre@localhost/centre"
[[admin]]
id = "admin"
name = "中心管理员"
pin_hash = "pbkdf2-sha256$100000$c2FsdHNhbHRzYWx0$3mXcF1Lg1ZzG8t3k7mX8m7mXcF1Lg1ZzG8t3k7mX8m4"
`

func TestConfigValidation(t *testing.T) {
	cases := []struct {
		name, edit, field string
	}{
		{"good", "", ""},
		{"unknown key", "colour = 1\n", "colour"},
		{"unknown nested key", "[http]\nlisten = \":1\"\nport = 2\n", "http.port"},
		{"wrong version", strings.Replace(goodConfig, "version = 1", "version = 2", 1), "version"},
		{"bad url", strings.Replace(goodConfig, "nats://127.0.0.1:4222", "http://x", 1), "nats.urls[0]"},
		{"no credentials", strings.Replace(goodConfig, `credentials = "/etc/halld/centre.nk"`, "", 1), "nats.credentials"},
		{"no dsn", strings.Replace(goodConfig, `dsn = "postgres://centre@localhost/centre"`, "", 1), "postgres.dsn"},
		{"replicas 2", "[halls]\nreplicas = 2\n", "halls.replicas"},
		{"bad pin hash", strings.Replace(goodConfig, "pbkdf2-sha256$", "md5$", 1), "admin[0].pin_hash"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := goodConfig + c.edit
			if strings.HasPrefix(c.edit, "version") || strings.Contains(c.edit, "[[admin]]") {
				data = c.edit
			}
			_, err := centre.ParseConfig([]byte(data), "centre.toml")
			if c.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, centre.ErrConfig) || !strings.Contains(err.Error(), c.field) {
				t.Fatalf("error %v, want ErrConfig naming %s", err, c.field)
			}
		})
	}
}
