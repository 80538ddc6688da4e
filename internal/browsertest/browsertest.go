// Package browsertest starts a real headless Chromium for tests of halld's
// screens, through chromedp. It is for tests only.
//
// When no Chromium is installed the test is skipped with a message naming
// the Debian packages to install — except in CI (CI=true), where .ci/run
// installs them and a missing browser is a failure, so browser tests can
// never silently stop running.
//
// Caveat: Chromium is started with the flags this workplace needs (no
// sandbox as root, no background networking: the machine has no network).
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Path returns the Chromium binary, or "" if none is installed.
func Path() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// New starts a browser for t and returns a chromedp context for one tab.
// Width and height set the window (e.g. 1920×1080 for the hall screen);
// extra options go to Chromium after the usual ones. The browser is closed
// when the test ends.
func New(t testing.TB, width, height int, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	path := Path()
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is not installed; .ci/run must install the Debian packages chromium and fonts-noto-cjk")
		}
		t.Skip("browser test skipped: install the Debian packages chromium and fonts-noto-cjk")
	}
	profile, err := os.MkdirTemp("", "halld-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(width, height),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
		chromedp.Flag("lang", "zh-CN"),
	}
	opts = append(opts, extra...)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	// A whole browser test must finish in bounded time even if a page hangs,
	// yet a loaded 2-core machine runs the longest (cmd/halld's
	// TestWholeHall) past a minute: 90 s failed it there.
	ctx, cancelT := context.WithTimeout(ctx, 4*time.Minute)
	t.Cleanup(func() {
		cancelT()
		cancelC()
		cancelA()
		removeProfile(t, profile)
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return ctx
}

// removeProfile deletes the browser's profile directory. Chromium's helper
// processes can still write into it for a moment after the browser has
// exited: on a loaded machine t.TempDir's cleanup failed the test with
// "directory not empty". So removal is retried, bounded, as polling an
// external process; a profile still left then is logged, not a failure.
func removeProfile(t testing.TB, dir string) {
	deadline := time.Now().Add(15 * time.Second)
	for {
		err := os.RemoveAll(dir)
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Logf("browser profile %s left behind: %v", dir, err)
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

var (
	shotsOnce sync.Once
	shotsDir  string
)

// dir is where screenshots go: $HALLD_SCREENSHOTS, or a temporary
// directory that is kept after the tests so a person can look.
func dir(t testing.TB) string {
	shotsOnce.Do(func() {
		shotsDir = os.Getenv("HALLD_SCREENSHOTS")
		if shotsDir == "" {
			shotsDir, _ = os.MkdirTemp("", "halld-screens-")
		}
		os.MkdirAll(shotsDir, 0o755)
	})
	return shotsDir
}

// Screenshot saves a PNG of the page and logs its path, so a person can
// look at what the test saw.
func Screenshot(t testing.TB, ctx context.Context, name string) string {
	t.Helper()
	dir := dir(t)
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // 100 means PNG
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return ""
	}
	p := filepath.Join(dir, name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return ""
	}
	t.Logf("screenshot: %s", p)
	return p
}
