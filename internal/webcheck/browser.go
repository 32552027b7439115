package webcheck

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"
)

// defaultChromium is where Debian's chromium package puts its launcher.
const defaultChromium = "/usr/bin/chromium"

// Browser starts headless Chromium for t and returns a chromedp context for
// one tab of it; the browser stops in t.Cleanup. It uses $CHROMIUM when set,
// else Debian's /usr/bin/chromium. Without one the test is skipped with how to
// install it, except under CI=true, where it fails (see Need); a browser that
// is there but does not start always fails the test.
//
// The flags keep Chromium from calling home, which on a machine without
// internet access makes it hang at start-up, and give it a fresh profile in
// t.TempDir() so no state carries from one test to the next.
//
// Actions on the returned context share one tab, so use it from one goroutine
// at a time; chromedp.NewContext(ctx) gives another tab of the same browser.
func Browser(t testing.TB) context.Context {
	t.Helper()
	exe := Need(t, Chromium)[0]
	// TempDir first: cleanups run last-in first-out, so the browser is gone
	// before its profile directory is removed.
	profile := t.TempDir()

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(profile),
		chromedp.Headless,
		chromedp.NoSandbox, // tests run as root in CI, where the sandbox cannot start
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("safebrowsing-disable-auto-update", true),
		chromedp.Flag("password-store", "basic"),
		// Containers often have a tiny /dev/shm; Chromium crashes when it fills.
		chromedp.Flag("disable-dev-shm-usage", true),
		// Colours as authored, so axe's contrast ratios match the CSS.
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.WindowSize(1280, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
	})
	// Start the browser now, with no deadline (a deadline on the first run
	// would bound the browser's whole life), so that a broken Chromium fails
	// here with a clear message and not inside some later check.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("webcheck: starting Chromium (%s): %v", exe, err)
	}
	return ctx
}
