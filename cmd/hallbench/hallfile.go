package main

import (
	"fmt"
	"os"
	"strings"

	"halld/queue/hall"
)

// hallSpec describes the generated bench hall: windows 1…Windows, each
// with clerk cN holding post A there, serving two of Services services
// (neighbouring windows share services), open around the clock.
type hallSpec struct {
	Name     string
	Windows  int
	Services int
}

func (s hallSpec) serviceID(i int) string { return fmt.Sprintf("s%d", i+1) }

// prefix gives service i a unique prefix: A…Z, then AA, AB…
func (s hallSpec) prefix(i int) string {
	if i < 26 {
		return string(rune('A' + i))
	}
	i -= 26
	return string(rune('A'+i/26%26)) + string(rune('A'+i%26))
}

// windowServices returns the services window n (1-based) serves, with
// weights: its own service first, its neighbour's second.
func (s hallSpec) windowServices(n int) map[string]int {
	a := (n - 1) % s.Services
	b := n % s.Services
	m := map[string]int{s.serviceID(a): 10}
	if b != a {
		m[s.serviceID(b)] = 5
	}
	return m
}

// toml renders the hall file; pinHash is used for every staff member.
func (s hallSpec) toml(pinHash string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "version = 1\n\n[hall]\nname = %q\ntime_zone = \"Asia/Shanghai\"\n\n[hours]\n", s.Name)
	for _, d := range []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "holiday"} {
		fmt.Fprintf(&b, "%s = [\"00:00-24:00\"]\n", d)
	}
	// No cut-off and no daily close inside the day: a bench may run at any hour.
	// The history generator jumps its clock an hour at a time past clerks
	// who are serving: no idle logout (they still log in every morning).
	b.WriteString("issue_cutoff_minutes = 0\n\n[policy]\nno_show = \"reinsert\"\nexpire_grace_minutes = 0\nsession_idle_minutes = 0\n\n")
	b.WriteString("[[priority]]\nid = \"elderly\"\nname = \"老年人\"\n\n")
	for i := range s.Services {
		fmt.Fprintf(&b, "[[service]]\nid = %q\nname = \"业务%d\"\nprefix = %q\nwidth = 4\nservice_minutes = 10\n\n",
			s.serviceID(i), i+1, s.prefix(i))
	}
	for n := 1; n <= s.Windows; n++ {
		var svc []string
		for i := range s.Services {
			if w, ok := s.windowServices(n)[s.serviceID(i)]; ok {
				svc = append(svc, fmt.Sprintf("%s = %d", s.serviceID(i), w))
			}
		}
		fmt.Fprintf(&b, "[[window]]\nnumber = %d\nservices = { %s }\n\n", n, strings.Join(svc, ", "))
	}
	for n := 1; n <= s.Windows; n++ {
		fmt.Fprintf(&b, "[[staff]]\nid = \"c%d\"\nname = \"窗口%d\"\npin_hash = %q\nposts = [{ window = %d, post = \"A\" }]\n\n", n, n, pinHash, n)
	}
	fmt.Fprintf(&b, "[[staff]]\nid = \"admin\"\nname = \"值班长\"\nrole = \"admin\"\npin_hash = %q\n", pinHash)
	return b.String()
}

// writeHall writes the hall file for s to path with every PIN = pin and
// checks that halld's own parser accepts it.
func writeHall(path string, s hallSpec, pin string) (*hall.Hall, error) {
	h, err := hall.HashPIN(pin)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, []byte(s.toml(h)), 0o600); err != nil {
		return nil, err
	}
	return hall.Load(path)
}

// seat is one window with the staff member who logs in there.
type seat struct {
	Window int
	Staff  string
	Token  string
}

// seats lists up to n windows of h with a clerk who holds a post there.
func seats(h *hall.Hall, n int) []seat {
	var out []seat
	for _, w := range h.Windows {
		if len(out) == n {
			break
		}
		for _, st := range h.Config.Staff {
			if _, ok := h.CanPost(&st, w.Number); ok && st.Role == hall.RoleClerk {
				out = append(out, seat{Window: w.Number, Staff: st.ID})
				break
			}
		}
	}
	return out
}
