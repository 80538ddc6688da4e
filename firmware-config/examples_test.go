package firmwareconfig

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"halld/equip"
	"halld/queue/hall"
)

// agentMark starts every example that today's halld cannot read.
const agentMark = "For the agent role (not yet implemented)"

func exampleFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir("examples", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".toml") {
			files = append(files, p)
		}
		return err
	})
	if err != nil || len(files) == 0 {
		t.Fatalf("no example files (%v)", err)
	}
	return files
}

// TestHallExamplesLoad loads every hall example the way cmd/halld does.
func TestHallExamplesLoad(t *testing.T) {
	for _, p := range exampleFiles(t) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), agentMark) {
			continue
		}
		t.Run(p, func(t *testing.T) {
			h, err := hall.Load(p)
			if err != nil {
				t.Fatalf("hall.Load: %v", err)
			}
			var devices equip.Config
			if err := h.DecodeDevices(&devices); err != nil {
				t.Fatalf("DecodeDevices: %v", err)
			}
			if err := devices.Validate(h); err != nil {
				t.Fatalf("Validate: %v", err)
			}
		})
	}
}

// TestHubUsesRealTransports guards the hub example against drifting to
// simulators: it is installed as /etc/halld/hall.toml by the package.
func TestHubUsesRealTransports(t *testing.T) {
	h, err := hall.Load("examples/small-hall/hub.toml")
	if err != nil {
		t.Fatal(err)
	}
	var d equip.Config
	if err := h.DecodeDevices(&d); err != nil {
		t.Fatal(err)
	}
	if len(d.LEDBuses) == 0 || len(d.Printers) == 0 || len(d.Buttons) < 2 {
		t.Fatalf("hub example lacks devices: %+v", d)
	}
	for _, b := range d.LEDBuses {
		if b.Transport != equip.Serial {
			t.Errorf("led_bus %s: transport %q, want serial", b.ID, b.Transport)
		}
	}
	for _, p := range d.Printers {
		if p.Transport == equip.Sim {
			t.Errorf("printer %s is simulated", p.ID)
		}
	}
	for _, b := range d.Buttons {
		if b.Transport != "gpio" {
			t.Errorf("button %s: transport %q, want gpio", b.ID, b.Transport)
		}
	}
}

// TestAgentExamplesAreCommentsOnly: a half-uncommented agent file would be
// rejected by halld with a confusing error, so they must decode to nothing.
func TestAgentExamplesAreCommentsOnly(t *testing.T) {
	n := 0
	for _, p := range exampleFiles(t) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), agentMark) {
			continue
		}
		n++
		var v map[string]any
		md, err := toml.Decode(string(data), &v)
		if err != nil {
			t.Errorf("%s: %v", p, err)
		} else if keys := md.Keys(); len(keys) > 0 {
			t.Errorf("%s: has keys %v; agent examples must stay comments", p, keys)
		}
	}
	if n == 0 {
		t.Fatal("no agent-role examples found")
	}
}

// udevToken is one KEY{attr}OP"value" of a rule line.
var udevToken = regexp.MustCompile(`^[A-Z_]+(\{[^}]+\})?(==|!=|\+=|-=|:=|=)"[^"]*"$`)

func udevRules(t *testing.T) [][]string {
	t.Helper()
	data, err := os.ReadFile("udev/99-halld.rules")
	if err != nil {
		t.Fatal(err)
	}
	var rules [][]string
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasSuffix(line, "\\") {
			t.Fatalf("line %d: continuation lines are not used here", i+1)
		}
		toks := strings.Split(line, ", ")
		for _, tok := range toks {
			if !udevToken.MatchString(tok) {
				t.Errorf("line %d: malformed %q", i+1, tok)
			}
		}
		rules = append(rules, toks)
	}
	return rules
}

// TestUdevRulesWellFormed checks the syntax, that GOTOs have labels, that
// every name is under /dev/halld/ and that every tty halld names is hidden
// from ModemManager.
func TestUdevRulesWellFormed(t *testing.T) {
	labels, gotos := map[string]bool{}, map[string]bool{}
	for _, r := range udevRules(t) {
		kindSet, mmIgnored := false, false
		for _, tok := range r {
			key, val, _ := strings.Cut(tok, "=")
			val = strings.Trim(strings.TrimLeft(val, "=+:-"), `"`)
			switch {
			case key == "LABEL":
				labels[val] = true
			case key == "GOTO":
				gotos[val] = true
			case strings.HasPrefix(tok, "SYMLINK"):
				if !strings.HasPrefix(val, "halld/") {
					t.Errorf("symlink %q is not under /dev/halld/", val)
				}
			case tok == `ENV{HALLD_KIND}=="?*"`:
				kindSet = true
			case tok == `ENV{ID_MM_DEVICE_IGNORE}="1"`:
				mmIgnored = true
			}
		}
		if kindSet && !mmIgnored {
			t.Errorf("rule %v names a tty but does not set ID_MM_DEVICE_IGNORE", r)
		}
	}
	for g := range gotos {
		if !labels[g] {
			t.Errorf("GOTO %q has no LABEL", g)
		}
	}
}

// TestExamplePathsHaveUdevNames: every /dev/halld/ path an example uses is
// a name some SYMLINK rule creates (%n is a number, %E{…} anything).
func TestExamplePathsHaveUdevNames(t *testing.T) {
	var names []*regexp.Regexp
	for _, r := range udevRules(t) {
		for _, tok := range r {
			if !strings.HasPrefix(tok, "SYMLINK") {
				continue
			}
			_, val, _ := strings.Cut(tok, `"`)
			val = strings.TrimSuffix(val, `"`)
			pat := regexp.QuoteMeta("/dev/" + val)
			pat = strings.ReplaceAll(pat, "%n", "[0-9]+")
			pat = regexp.MustCompile(`%E\\\{[A-Z_]+\\\}`).ReplaceAllString(pat, ".+")
			names = append(names, regexp.MustCompile("^"+pat+"$"))
		}
	}
	paths := regexp.MustCompile(`/dev/halld/[A-Za-z0-9_.:-]+`)
	for _, p := range exampleFiles(t) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, dev := range paths.FindAllString(string(data), -1) {
			ok := false
			for _, re := range names {
				ok = ok || re.MatchString(dev)
			}
			if !ok {
				t.Errorf("%s uses %s, which no udev rule creates", p, dev)
			}
		}
	}
}
