package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core's script (pinned in axe/package-lock.json), installed once per run.
var axeSource = sync.OnceValues(func() (string, error) {
	root, err := repoRoot()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(root, "e2e", "axe")
	install := exec.Command("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
	install.Dir = dir
	if out, err := install.CombinedOutput(); err != nil {
		return "", &installError{err, string(out)}
	}
	src, err := os.ReadFile(filepath.Join(dir, "node_modules", "axe-core", "axe.min.js"))
	return string(src), err
})

type installError struct {
	err error
	out string
}

func (e *installError) Error() string { return "npm ci in e2e/axe: " + e.err.Error() + "\n" + e.out }

// violation is what axe-core reports of a rule the page breaks.
type violation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// accessible checks the page the browser shows with axe-core against WCAG 2.2 A and AA: a
// serious or critical violation fails the test, naming the page (what), the rule and the
// elements. It needs npm; without it the check is skipped, except in CI, where that fails.
func accessible(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	if _, err := exec.LookPath("npm"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("npm is not installed, but CI is set: the pages' accessibility checks must run in CI")
		}
		t.Logf("npm is not installed: %s is not checked for accessibility", what)
		return
	}
	for _, v := range violations(t, ctx) {
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Errorf("%s: %s (%s): %s, at %s", what, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "; "))
		}
	}
}

// violations runs axe-core on the page the browser shows.
func violations(t *testing.T, ctx context.Context) []violation {
	t.Helper()
	src, err := axeSource()
	if err != nil {
		t.Fatal(err)
	}
	// Evaluated by the browser's debugger, which the page's content security policy does not bind.
	run(t, ctx, chromedp.Evaluate[chromedp.Void](src))
	raw := value(t, ctx, chromedp.Evaluate[string](`axe.run(document, {
		runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
		resultTypes: ["violations"],
	}).then(r => JSON.stringify(r.violations.map(v => ({
		id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(" ")),
	}))))`, chromedp.EvalAwaitPromise))
	var found []violation
	if err := json.Unmarshal([]byte(raw), &found); err != nil {
		t.Fatal(err)
	}
	return found
}

// TestAccessibilityCheckFindsViolations: the check fails a page that breaks the rules (a field
// without a label, an image without a text, text of too little contrast) and passes a page
// that keeps them, so a page that passes it was checked.
func TestAccessibilityCheckFindsViolations(t *testing.T) {
	bin := chromium(t)
	if _, err := exec.LookPath("npm"); err != nil {
		t.Skip("npm is needed for axe-core")
	}
	pages := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		body := `<label for="q">Search</label><input id="q"><p>Readable</p>`
		if r.URL.Path == "/bad" {
			body = `<input id="q"><img src="/x.png"><p style="color:#ccc;background:#fff">Faint</p>`
		}
		fmt.Fprintf(w, `<!doctype html><html lang="en"><head><title>Page</title></head><body><main>%s</main></body></html>`, body)
	}))
	defer pages.Close()
	ctx := browse(t, bin)
	run(t, ctx, chromedp.Navigate(pages.URL+"/bad"))
	got := map[string]bool{}
	for _, v := range violations(t, ctx) {
		got[v.ID] = v.Impact == "serious" || v.Impact == "critical"
	}
	for _, id := range []string{"label", "image-alt", "color-contrast"} {
		if !got[id] {
			t.Errorf("the bad page: %s not found as serious or critical, found %v", id, got)
		}
	}
	run(t, ctx, chromedp.Navigate(pages.URL+"/good"))
	accessible(t, ctx, "the good page")
}

// screenshot saves the page the browser shows as docs/<name>.png when PROCURA_UPDATE_DOCS is
// set: the pictures in docs/portal.md and docs/dashboard.md are made by the browser tests.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if os.Getenv("PROCURA_UPDATE_DOCS") == "" {
		return
	}
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	png := value(t, ctx, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(root, "docs", name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
