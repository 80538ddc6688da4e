package timesync

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	abs := filepath.Join(t.TempDir(), "synchronized")
	for _, tc := range []struct {
		spec    string
		nilFunc bool   // no check
		err     string // part of the error, "" for none
	}{
		{spec: "none", nilFunc: true},
		{spec: "", nilFunc: true},
		{spec: "file:" + abs},
		{spec: "file:", err: "absolute path"},
		{spec: "file:run/synchronized", err: "absolute path"},
		{spec: "ntp", err: "want none, kernel or file:PATH"},
		{spec: "Kernel", err: "want none, kernel or file:PATH"},
	} {
		f, err := Parse(tc.spec)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("Parse(%q): %v, want an error with %q", tc.spec, err, tc.err)
			}
			continue
		}
		if err != nil || (f == nil) != tc.nilFunc {
			t.Errorf("Parse(%q) = nil func %v, %v; want nil func %v", tc.spec, f == nil, err, tc.nilFunc)
		}
	}
}

// TestParseKernel: the read-only adjtimex is allowed here (a container's
// seccomp profile may not allow it; then Parse says why).
func TestParseKernel(t *testing.T) {
	f, err := Parse("kernel")
	if err != nil {
		t.Skipf("adjtimex not allowed here: %v", err)
	}
	t.Logf("kernel clock synchronised: %v", f())
}

func TestFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "synchronized")
	synced, err := Parse("file:" + path)
	if err != nil {
		t.Fatal(err)
	}
	if synced() {
		t.Fatal("synchronised before the file exists")
	}
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if !synced() {
		t.Fatal("not synchronised once the file exists")
	}
	// Synchronised once, the running clock stays trusted.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if !synced() {
		t.Error("unsynchronised again after the file went")
	}
	if File(path)() {
		t.Error("a new check trusts a file that is not there")
	}
}
