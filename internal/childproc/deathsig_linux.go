package childproc

import (
	"os/exec"
	"syscall"
)

// dieWithParent makes the kernel kill the child when halld (or a test
// binary) dies without stopping it — killed by a test timeout, say — so no
// orphaned postgres or nats-server keeps its port and directory. Go sets it
// after any credential change, which would otherwise clear it.
func dieWithParent(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
}
