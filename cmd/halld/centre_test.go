package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"halld/centre/provision"
	"halld/internal/natstest"
	"halld/internal/pgtest"
	"halld/queue/hall"
)

// TestCentreHallCommands drives `halld centre init` and `halld centre hall
// add|list|revoke` against real nats-server and PostgreSQL: the
// authorization file nats-server includes follows each command.
func TestCentreHallCommands(t *testing.T) {
	dir := t.TempDir()
	seed := filepath.Join(dir, "centre.nk")
	pub, err := provision.CentreKey(seed)
	if err != nil {
		t.Fatal(err)
	}
	pid := filepath.Join(dir, "nats.pid")
	ns := natstest.Start(t, natstest.Options{
		Config:      fmt.Sprintf("include halls-auth.conf\npid_file: %q\n", pid),
		ConfigFiles: map[string]string{"halls-auth.conf": string(provision.AuthConfig(pub, nil))},
	})
	pg := pgtest.Start(t)
	pinHash, _ := hall.HashPIN("246810")
	auth := filepath.Join(ns.Dir, "halls-auth.conf")
	conf := filepath.Join(dir, "centre.toml")
	os.WriteFile(conf, []byte(fmt.Sprintf(`version = 1
[nats]
urls = [%q]
credentials = %q
auth_file = %q
pid_file = %q
seed_dir = %q
[postgres]
dsn = %q
[[admin]]
id = "admin"
pin_hash = %q
`, ns.URL, seed, auth, pid, filepath.Join(dir, "seeds"), pg.DSN, pinHash)), 0o600)

	halld := func(args ...string) string {
		t.Helper()
		var out, errs bytes.Buffer
		if err := run(context.Background(), args, strings.NewReader(""), &out, &errs); err != nil {
			t.Fatalf("halld %s: %v\n%s", strings.Join(args, " "), err, errs.String())
		}
		return out.String()
	}
	halld("centre", "init", "-config", conf)
	out := halld("centre", "hall", "add", "-config", conf, "330106001000-01", "西湖区政务服务中心")
	seedFile := filepath.Join(dir, "seeds", "330106001000-01.nk")
	if !strings.Contains(out, seedFile) {
		t.Fatalf("add printed %q, want the seed file %s", out, seedFile)
	}
	if b, err := os.ReadFile(seedFile); err != nil || !bytes.HasPrefix(b, []byte("SU")) {
		t.Fatalf("seed file: %q %v", b, err)
	}
	if b, _ := os.ReadFile(auth); !bytes.Contains(b, []byte("hall 330106001000-01")) {
		t.Fatalf("authorization file without the hall:\n%s", b)
	}
	if js, _ := ns.JetStreamInfo(); !strings.Contains(fmt.Sprint(js), "HALL_330106001000_01") {
		t.Fatalf("no stream for the hall: %v", js)
	}
	if out := halld("centre", "hall", "list", "-config", conf); !strings.Contains(out, "330106001000-01  西湖区政务服务中心") || !strings.Contains(out, "active") {
		t.Fatalf("list:\n%s", out)
	}
	halld("centre", "hall", "revoke", "-config", conf, "330106001000-01")
	if b, _ := os.ReadFile(auth); bytes.Contains(b, []byte("hall 330106001000-01")) {
		t.Fatalf("authorization file still has the revoked hall:\n%s", b)
	}
	if out := halld("centre", "hall", "list", "-config", conf); !strings.Contains(out, "revoked") {
		t.Fatalf("list after revoke:\n%s", out)
	}
	var errs bytes.Buffer
	err = run(context.Background(), []string{"centre", "hall", "add", "-config", conf, "3301-01", "x"}, nil, &bytes.Buffer{}, &errs)
	if err == nil || !strings.Contains(err.Error(), "hall id") {
		t.Fatalf("a bad hall id: %v", err)
	}
}
