// Package firmwareconfig holds no code: this directory is the deployment
// kit for halld (example hall files, board profiles, udev rules, systemd
// units and the .deb build). The package exists so that its tests can check
// those files against today's halld: every example hall file loads with
// hall.Load and its device map decodes and validates with equip.Config,
// the agent-role examples stay comment-only, every device path an example
// uses is a name the udev rules create, and the udev rules are well formed.
//
// Caveat: the tests read the files; they cannot prove that udev, systemd or
// a board behaves as the comments say. What was checked on hardware and
// what comes from documentation is listed in README.md and boards/*.md.
package firmwareconfig
