package provision_test

import (
	"os"
	"testing"
)

func writeSeed(t *testing.T, path string, seed []byte) {
	t.Helper()
	if err := os.WriteFile(path, seed, 0o600); err != nil {
		t.Fatal(err)
	}
}
