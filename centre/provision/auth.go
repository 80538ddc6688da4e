package provision

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"halld/hallnet"
)

// User is one entry of the authorization file: a hall's public nkey and
// id, or the centre's (Hall "").
type User struct {
	Hall string
	NKey string
}

// AuthConfig renders the authorization file: the centre's user without
// restrictions, then each hall's with its own subjects only.
func AuthConfig(centreNKey string, halls []User) []byte {
	var b strings.Builder
	b.WriteString("# Written by halld centre from its database: do not edit, it is rewritten\n")
	b.WriteString("# at every hall add or revoke. nats-server's main file includes it.\n")
	b.WriteString("authorization {\n  users = [\n")
	fmt.Fprintf(&b, "    # the centre\n    { nkey: %s }\n", strconv.Quote(centreNKey))
	for _, h := range halls {
		pub, sub := hallnet.Permissions(h.Hall)
		fmt.Fprintf(&b, "    # hall %s\n    { nkey: %s, permissions: {\n", h.Hall, strconv.Quote(h.NKey))
		fmt.Fprintf(&b, "        publish: { allow: %s }\n", list(pub))
		fmt.Fprintf(&b, "        subscribe: { allow: %s }\n    } }\n", list(sub))
	}
	b.WriteString("  ]\n}\n")
	return []byte(b.String())
}

func list(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// writeFile replaces path atomically: the server never reads half a file.
func writeFile(path string, data []byte, mode os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path))
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Reload sends SIGHUP to the nats-server whose pid the file holds, so it
// rereads its configuration (and the authorization file it includes).
func Reload(pidFile string) error {
	b, err := os.ReadFile(pidFile)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrReload, err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 1 {
		return fmt.Errorf("%w: pid file %s holds %q", ErrReload, pidFile, b)
	}
	if err := syscall.Kill(pid, syscall.SIGHUP); err != nil {
		return fmt.Errorf("%w: signal %d: %v", ErrReload, pid, err)
	}
	return nil
}
