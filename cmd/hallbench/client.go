package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"halld/queue"
)

// client speaks halld's public HTTP API.
type client struct {
	base string
	hc   *http.Client
}

func newClient(base string, conns int) *client {
	tr := &http.Transport{MaxIdleConns: conns, MaxIdleConnsPerHost: conns, IdleConnTimeout: time.Minute}
	return &client{base: strings.TrimRight(base, "/"), hc: &http.Client{Transport: tr, Timeout: 30 * time.Second}}
}

func (c *client) close() { c.hc.CloseIdleConnections() }

// apiError is the error object halld answers with.
type apiError struct {
	Error struct {
		Code string `json:"code"`
	} `json:"error"`
}

// post sends body (may be "") and returns the status, the error code of a
// refusal and the decoded ticket of a success (when into is set).
func (c *client) post(ctx context.Context, path, token, body string, into any) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, "POST", c.base+path, strings.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json") // halld refuses other bodies (415)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return c.do(req, into)
}

func (c *client) get(ctx context.Context, path string, into any) (int, string, error) {
	return c.getAs(ctx, path, "", into)
}

// getAs is get with a session token.
func (c *client) getAs(ctx context.Context, path, token string, into any) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", c.base+path, nil)
	if err != nil {
		return 0, "", err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return c.do(req, into)
}

func (c *client) do(req *http.Request, into any) (int, string, error) {
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, "", err
	}
	if resp.StatusCode/100 != 2 {
		var e apiError
		json.Unmarshal(raw, &e)
		return resp.StatusCode, e.Error.Code, nil
	}
	if into != nil {
		if err := json.NewDecoder(bytes.NewReader(raw)).Decode(into); err != nil {
			return resp.StatusCode, "", fmt.Errorf("%s: %w", req.URL.Path, err)
		}
	}
	return resp.StatusCode, "", nil
}

// login logs st in at its window, taking the window over if someone (an
// earlier run) is still logged in there.
func (c *client) login(ctx context.Context, st *seat, pin string) error {
	var r struct {
		Token string `json:"token"`
	}
	body := fmt.Sprintf(`{"staff":%q,"pin":%q,"window":%d,"takeover":true}`, st.Staff, pin, st.Window)
	code, ecode, err := c.post(ctx, "/api/v1/login", "", body, &r)
	if err != nil {
		return err
	}
	if code != http.StatusOK {
		return fmt.Errorf("login %s at %d: %d %s", st.Staff, st.Window, code, ecode)
	}
	st.Token = r.Token
	return nil
}

func (c *client) hall(ctx context.Context) (queue.HallView, error) {
	var v queue.HallView
	code, ecode, err := c.get(ctx, "/api/v1/hall", &v)
	if err == nil && code != http.StatusOK {
		err = fmt.Errorf("GET /api/v1/hall: %d %s", code, ecode)
	}
	return v, err
}

// wsURL is the event stream's address after since.
func (c *client) wsURL(since uint64) string {
	return "ws" + strings.TrimPrefix(c.base, "http") + fmt.Sprintf("/api/v1/events?since=%d", since)
}
