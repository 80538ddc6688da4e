package provision_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"halld/centre/provision"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestAuthConfigGolden(t *testing.T) {
	got := provision.AuthConfig("UCENTREKEY", []provision.User{
		{Hall: "330106001000-01", NKey: "UHALLAKEY"},
		{Hall: "330106001000-02", NKey: "UHALLBKEY"},
	})
	golden := filepath.Join("testdata", "auth.conf")
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("authorization file differs from %s (run with -update after checking):\n%s", golden, got)
	}
}
