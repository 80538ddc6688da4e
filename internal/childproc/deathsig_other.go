//go:build !linux

package childproc

import "os/exec"

// dieWithParent has no portable equivalent outside Linux: an orphaned child
// must be stopped by hand there.
func dieWithParent(*exec.Cmd) {}
