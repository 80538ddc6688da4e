package firmwareconfig

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"halld/agent"
	"halld/centre"
	"halld/equip"
	"halld/queue/hall"
	"halld/queue/sms"
)

// kind says what an example file is: a hall file (the hub's), a board's
// file (an agent's), a centre's file or a note with no keys (a board that
// runs no halld).
func kind(t *testing.T, p string) string {
	t.Helper()
	var v map[string]any
	md, err := toml.DecodeFile(p, &v)
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	switch {
	case len(md.Keys()) == 0:
		return "note"
	case md.IsDefined("agent"):
		return "board"
	case md.IsDefined("postgres"):
		return "centre"
	}
	return "hall"
}

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

// TestHallExamplesLoad loads every example the way cmd/halld does: hall
// files as the hub, board files as an agent.
func TestHallExamplesLoad(t *testing.T) {
	for _, p := range exampleFiles(t) {
		switch kind(t, p) {
		case "note":
			continue
		case "board":
			if _, err := agent.LoadConfig(p, ""); err != nil {
				t.Errorf("agent.LoadConfig: %v", err)
			}
			continue
		case "centre":
			if _, err := centre.LoadConfig(p); err != nil {
				t.Errorf("centre.LoadConfig: %v", err)
			}
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
			var sc sms.Config
			if err := h.DecodeTable("sms", &sc); err != nil {
				t.Fatalf("DecodeTable(sms): %v", err)
			}
			if err := sc.Validate(); err != nil {
				t.Fatalf("sms: %v", err)
			}
		})
	}
}

// TestSmallHallFitsTogether loads the hub's file and every board's file
// the way halld does, and checks that they agree: boards' windows and
// services exist in the hall, the hub's remote printer names a board that
// has it, and nothing is simulated (the hub's file is installed as
// /etc/halld/hall.toml by the package).
func TestSmallHallFitsTogether(t *testing.T) {
	h, err := hall.Load("examples/small-hall/hub.toml")
	if err != nil {
		t.Fatal(err)
	}
	var hub equip.Config
	if err := h.DecodeDevices(&hub); err != nil {
		t.Fatal(err)
	}
	if err := hub.Validate(h); err != nil {
		t.Fatal(err)
	}
	boards := map[string]*agent.Config{}
	files, _ := filepath.Glob("examples/small-hall/*.toml")
	for _, p := range files {
		if kind(t, p) != "board" {
			continue
		}
		c, err := agent.LoadConfig(p, "")
		if err != nil {
			t.Fatalf("agent.LoadConfig: %v", err)
		}
		// What the hub checks when the presses arrive, checked here early.
		if err := c.Devices.Validate(h); err != nil {
			t.Errorf("%s against the hub's hall: %v", p, err)
		}
		boards[c.Agent.Board] = c
	}
	if len(boards) != 3 {
		t.Fatalf("boards %v, want the kiosk board and two window boards", len(boards))
	}
	// Every keypad and button of a board is the hub's to accept: listed in
	// the hub's file for that board with the same window or service.
	wired := map[string]string{}
	for _, k := range hub.Keypads {
		if k.Transport == equip.Agent {
			wired[k.Board+"/"+k.ID] = fmt.Sprint("window ", k.Window)
		}
	}
	for _, b := range hub.Buttons {
		if b.Transport == equip.Agent {
			wired[b.Board+"/"+b.ID] = "service " + b.Service
		}
	}
	for name, c := range boards {
		for _, k := range c.Devices.Keypads {
			if got, want := wired[name+"/"+k.ID], fmt.Sprint("window ", k.Window); got != want {
				t.Errorf("board %s keypad %s: the hub lists %q, want %q", name, k.ID, got, want)
			}
		}
		for _, b := range c.Devices.Buttons {
			if got, want := wired[name+"/"+b.ID], "service "+b.Service; got != want {
				t.Errorf("board %s button %s: the hub lists %q, want %q", name, b.ID, got, want)
			}
		}
	}
	all := []equip.Config{hub}
	for _, c := range boards {
		all = append(all, c.Devices)
	}
	for _, p := range hub.Printers {
		if p.Transport != equip.Agent {
			continue
		}
		found := false
		if b := boards[p.Board]; b != nil {
			for _, bp := range b.Devices.Printers {
				found = found || bp.Kiosk == p.Kiosk
			}
		}
		if !found {
			t.Errorf("hub printer %s: board %q has no printer for kiosk %s", p.ID, p.Board, p.Kiosk)
		}
	}
	for _, d := range all {
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
			if b.Transport != "gpio" && b.Transport != equip.Agent {
				t.Errorf("button %s: transport %q, want gpio (or agent: a board's)", b.ID, b.Transport)
			}
		}
		for _, k := range d.Keypads {
			if k.Transport == equip.Sim {
				t.Errorf("keypad %s is simulated", k.ID)
			}
		}
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
