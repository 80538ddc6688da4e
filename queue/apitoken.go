package queue

import (
	"crypto/rand"
	"encoding/hex"
	"regexp"
	"slices"

	"halld/queue/hall"
)

// RoleSystem is the role of an approval system's API token.
const RoleSystem = "system"

var tokenNamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,31}$`)

// IssueAPIToken gives an approval system a bearer token for the case API;
// only an admin may (adminToken). The token is shown once; only its hash
// is kept. Issuing again under the same name replaces the old token.
func (e *Engine) IssueAPIToken(adminToken, name string) (string, error) {
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
		e.dropSystem(c, name)
		s := &session{Hash: hashToken(tok), Staff: "api:" + name, Role: RoleSystem, Created: c.at}
		e.sessions[s.Hash] = s
		c.sessPut = append(c.sessPut, s)
	}
	if err := e.finish(c, err); err != nil {
		return "", err
	}
	return tok, nil
}

// RevokeAPIToken ends a system's token at once.
func (e *Engine) RevokeAPIToken(adminToken, name string) error {
	c, err := e.begin()
	if err != nil {
		return err
	}
	err = e.requireRole(adminToken, hall.RoleAdmin)
	if err == nil && !e.dropSystem(c, name) {
		err = refuse(ErrNotFound, "token_not_found", "没有名为 %s 的令牌", name)
	}
	return e.finish(c, err)
}

// APITokens lists the names of the systems holding a token (admins only).
func (e *Engine) APITokens(adminToken string) ([]string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.requireRole(adminToken, hall.RoleAdmin); err != nil {
		return nil, err
	}
	names := []string{}
	for _, s := range e.sessions {
		if s.Role == RoleSystem {
			names = append(names, s.Staff[len("api:"):])
		}
	}
	slices.Sort(names)
	return names, nil
}

func (e *Engine) dropSystem(c *change, name string) bool {
	found := false
	for h, s := range e.sessions {
		if s.Role == RoleSystem && s.Staff == "api:"+name {
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
	s := e.sessions[hashToken(token)]
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
