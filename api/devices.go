package api

import (
	"net/http"
	"net/netip"
	"strings"

	"halld/internal/httpjson"
	"halld/queue"
)

// Devices are the hall's own kiosks, tablet pads, button boxes and
// simulators, told apart from the public by address: their browsers run on
// the hall machine (loopback) or on addresses the operator lists
// (-device-addrs). Only they may print tickets, press a pad, claim a
// ticket's channel (kiosk, button…) or a priority class, and they are not
// held to the per-address issue limit. A device token would be stronger
// (an address on the hall LAN can be borrowed by whoever plugs in there);
// SECURITY.md says so.

// ParseDeviceAddrs reads a comma-separated list of addresses and CIDR
// prefixes ("10.1.2.0/24,10.1.3.7"); "any" trusts every address (a lab).
func ParseDeviceAddrs(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for f := range strings.SplitSeq(s, ",") {
		f = strings.TrimSpace(f)
		switch {
		case f == "":
			continue
		case f == "any":
			out = append(out, netip.MustParsePrefix("0.0.0.0/0"), netip.MustParsePrefix("::/0"))
			continue
		case strings.Contains(f, "/"):
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, err
			}
			out = append(out, p.Masked())
		default:
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, err
			}
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
		}
	}
	return out, nil
}

// TrustDevices sets the addresses (besides loopback) whose requests come
// from the hall's devices. Call it before serving.
func (s *Server) TrustDevices(p []netip.Prefix) { s.deviceAddrs = p }

// FromDevice reports whether r comes from one of the hall's devices.
func (s *Server) FromDevice(r *http.Request) bool {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	a := ap.Addr().Unmap()
	if a.IsLoopback() {
		return true
	}
	for _, p := range s.deviceAddrs {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// DeviceMux mounts a device's handlers (a kiosk's, a pad's, the
// simulators') on the server: anything but GET and HEAD is refused with
// 403 device_not_trusted unless it comes from a device.
func (s *Server) DeviceMux() interface{ Handle(string, http.Handler) } { return deviceMux{s} }

type deviceMux struct{ s *Server }

func (d deviceMux) Handle(pattern string, h http.Handler) {
	d.s.Handle(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead && !d.s.FromDevice(r) {
			httpjson.WriteError(w, http.StatusForbidden, "device_not_trusted", "本机不是大厅登记的设备")
			return
		}
		h.ServeHTTP(w, r)
	}))
}

// publicChannels are the channels anybody may claim.
var publicChannels = map[string]bool{"": true, "api": true, "mobile": true}

// issueClaims refuses what an anonymous client may not claim; devices and
// any valid token (staff, approval system) may claim a channel and a
// priority. It reports whether the claim is trusted, and writes the refusal
// itself.
func (s *Server) issueClaims(w http.ResponseWriter, r *http.Request, req queue.IssueRequest) (trusted, ok bool) {
	if s.FromDevice(r) {
		return true, true
	}
	if tok := bearer(r); tok != "" {
		if _, err := s.e.Authenticate(tok); err != nil {
			s.fail(w, r, err)
			return false, false
		}
		return true, true
	}
	switch {
	case !publicChannels[req.Channel]:
		httpjson.WriteError(w, http.StatusForbidden, "channel_not_allowed", "只有大厅设备和工作人员可以使用该取号渠道")
		return false, false
	case req.Priority != "":
		httpjson.WriteError(w, http.StatusForbidden, "priority_not_allowed", "优先号请到取号机或咨询台领取")
		return false, false
	}
	return false, true
}
