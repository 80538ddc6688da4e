package queue

import (
	"crypto/rand"
	"encoding/hex"
	"regexp"
	"slices"
	"strings"

	"halld/queue/hall"
)

// Roles of machine tokens: an approval system's (case API) and a device
// agent's (a satellite board's link to the hub, see Deliver).
const (
	RoleSystem = "system"
	RoleAgent  = "agent"
)

// tokenPrefix is how a machine token's session names its holder.
var tokenPrefix = map[string]string{RoleSystem: "api:", RoleAgent: "agent:"}

var tokenNamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,31}$`)

// IssueAPIToken gives an approval system a bearer token for the case API;
// only an admin may (adminToken). The token is shown once; only its hash
// is kept. Issuing again under the same name replaces the old token.
func (e *Engine) IssueAPIToken(adminToken, name string) (string, error) {
	return e.issueToken(adminToken, RoleSystem, name)
}

// RevokeAPIToken ends a system's token at once.
func (e *Engine) RevokeAPIToken(adminToken, name string) error {
	return e.revokeToken(adminToken, RoleSystem, name)
}

// APITokens lists the names of the systems holding a token (admins only).
func (e *Engine) APITokens(adminToken string) ([]string, error) {
	return e.tokenNames(adminToken, RoleSystem)
}

// IssueAgentToken gives the device agent of a board its bearer token (see
// Deliver); issuing again replaces the board's old token.
func (e *Engine) IssueAgentToken(adminToken, board string) (string, error) {
	return e.issueToken(adminToken, RoleAgent, board)
}

// RevokeAgentToken ends a board's agent token at once: its presses are
// refused (they stay in the board's outbox) until a new token is issued.
func (e *Engine) RevokeAgentToken(adminToken, board string) error {
	return e.revokeToken(adminToken, RoleAgent, board)
}

// AgentBoards lists the boards holding an agent token (admins only).
func (e *Engine) AgentBoards(adminToken string) ([]string, error) {
	return e.tokenNames(adminToken, RoleAgent)
}

func (e *Engine) issueToken(adminToken, role, name string) (string, error) {
	if !tokenNamePattern.MatchString(name) {
		return "", refuse(ErrBadInput, "bad_token_name", "令牌名称只能由小写字母、数字、- 或 _ 组成")
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		panic(err)
	}
	tok := hex.EncodeToString(raw)
	c, err := e.begin()
	if err != nil {
		return "", err
	}
	err = e.requireRole(adminToken, hall.RoleAdmin)
	if err == nil {
		e.dropToken(c, role, name)
		s := &session{Hash: hashToken(tok), Staff: tokenPrefix[role] + name, Role: role, Created: c.at}
		e.sessions[s.Hash] = s
		c.sessPut = append(c.sessPut, s)
	}
	if err := e.finish(c, err); err != nil {
		return "", err
	}
	return tok, nil
}

func (e *Engine) revokeToken(adminToken, role, name string) error {
	c, err := e.begin()
	if err != nil {
		return err
	}
	err = e.requireRole(adminToken, hall.RoleAdmin)
	if err == nil && !e.dropToken(c, role, name) {
		err = refuse(ErrNotFound, "token_not_found", "没有名为 %s 的令牌", name)
	}
	return e.finish(c, err)
}

func (e *Engine) tokenNames(adminToken, role string) ([]string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.requireRole(adminToken, hall.RoleAdmin); err != nil {
		return nil, err
	}
	names := []string{}
	for _, s := range e.sessions {
		if s.Role == role {
			names = append(names, strings.TrimPrefix(s.Staff, tokenPrefix[role]))
		}
	}
	slices.Sort(names)
	return names, nil
}

func (e *Engine) dropToken(c *change, role, name string) bool {
	found := false
	for h, s := range e.sessions {
		if s.Role == role && s.Staff == tokenPrefix[role]+name {
			delete(e.sessions, h)
			c.sessDel = append(c.sessDel, h)
			found = true
		}
	}
	return found
}

// requireRole checks that token is a session with one of the roles; call
// with the lock held.
func (e *Engine) requireRole(token string, roles ...string) error {
	s := e.liveSession(token)
	if s == nil {
		return errBadSession()
	}
	if !slices.Contains(roles, s.Role) {
		return refuse(ErrForbidden, "not_allowed", "您没有权限执行此操作")
	}
	return nil
}

// CaseActor checks that token may create and change cases — an approval
// system's token, a supervisor or an admin — and returns the name to write
// in the case history.
func (e *Engine) CaseActor(token string) (string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.requireRole(token, RoleSystem, hall.RoleSupervisor, hall.RoleAdmin); err != nil {
		return "", err
	}
	return e.sessions[hashToken(token)].Staff, nil
}

// AdminOnly checks that token is an admin's session.
func (e *Engine) AdminOnly(token string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.requireRole(token, hall.RoleAdmin)
}
