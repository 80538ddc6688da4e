package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gorilla/websocket"

	"halld/internal/httpjson"
	"halld/queue"
	"halld/queue/hall"
)

// The event stream is read on the hall's Wi-Fi by anyone, so what it sends
// depends on who asks (docs/api.md, "Event stream scopes"):
//
//   - public: anonymous readers, clerks, boards' agents and approval
//     systems get the queue's public events, as they are — what the hall
//     screen, the kiosk, the pads, the phone page, the case board, the LED
//     and the clerk's terminal use. Every other event comes as a
//     placeholder {"seq":N,"type":"private"} so that seq stays gap-free.
//   - all: supervisors and admins get every event.
//
// A staff stream is authenticated by its bearer token, never in the URL:
// browsers offer it as a WebSocket subprotocol (streamBearerPrefix, with
// streamProtocol, which the server selects); other clients send the
// Authorization header.

// streamProtocol is the subprotocol the server answers when a client
// authenticates with streamBearerPrefix + token.
const (
	streamProtocol     = "halld.v1"
	streamBearerPrefix = "halld.bearer."
)

// closeSessionInvalid ends a stream whose token is unknown or has ended
// (a browser cannot read the HTTP status of a refused upgrade).
const closeSessionInvalid = 4401

// publicPrefixes and publicTypes are the events the public pages read.
var (
	publicPrefixes = []string{"ticket.", "window.", "case."}
	publicTypes    = map[string]bool{queue.EvDayClosed: true, queue.EvDevice: true, queue.EvNotice: true}
)

// publicEvent reports whether an event of type typ may go to anyone.
func publicEvent(typ string) bool {
	if publicTypes[typ] {
		return true
	}
	for _, p := range publicPrefixes {
		if strings.HasPrefix(typ, p) {
			return true
		}
	}
	return false
}

// streamScope is what one stream sends.
type streamScope struct {
	all   bool   // every event (supervisor, admin)
	token string // the session that gave it all: checked while streaming
}

// bytes is the message that carries ev on this stream.
func (sc streamScope) bytes(ev queue.Event) []byte {
	if sc.all || publicEvent(ev.Type) {
		return ev.JSON()
	}
	return placeholder(ev.Seq)
}

// placeholder stands for a withheld event: only its seq.
func placeholder(seq uint64) []byte {
	b := make([]byte, 0, 40)
	b = append(b, `{"seq":`...)
	b = strconv.AppendUint(b, seq, 10)
	return append(b, `,"type":"`+queue.EvPrivate+`"}`...)
}

// urlTokenParams are query parameters that would put a credential in a
// URL (and so in proxies' and browsers' histories): refused outright.
var urlTokenParams = []string{"token", "access_token", "bearer", "auth", "authorization"}

// streamCredential reads the token a stream request carries: from the
// Authorization header, or from a subprotocol (fromProtocol). A request
// with a token in its URL is refused (false, answered).
func streamCredential(w http.ResponseWriter, r *http.Request) (tok string, fromProtocol, ok bool) {
	q := r.URL.Query()
	for _, p := range urlTokenParams {
		if q.Has(p) {
			httpjson.WriteError(w, http.StatusBadRequest, "token_in_url", "令牌不能放在网址中，请用 Sec-WebSocket-Protocol 或 Authorization 头")
			return "", false, false
		}
	}
	if tok := bearer(r); tok != "" {
		return tok, false, true
	}
	for _, p := range websocket.Subprotocols(r) {
		if t, ok := strings.CutPrefix(p, streamBearerPrefix); ok && t != "" {
			return t, true, true
		}
	}
	return "", false, true
}

// scopeOf is the scope of a session's role.
func scopeOf(s queue.Session, tok string) streamScope {
	if s.Role == hall.RoleSupervisor || s.Role == hall.RoleAdmin {
		return streamScope{all: true, token: tok}
	}
	return streamScope{}
}
