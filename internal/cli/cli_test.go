package cli

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"
)

// run runs the command line with the environment env and returns its exit code and output.
func run(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Main(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// TestHelpTopicIsTheCommandsHelp: for every command, 'procura help COMMAND' prints what
// 'procura COMMAND -h' prints, and that names the command, says what it does and lists its flags.
func TestHelpTopicIsTheCommandsHelp(t *testing.T) {
	for _, c := range commands() {
		if c.run == nil {
			continue
		}
		words := strings.Fields(c.name)
		code, help, errs := run(t, nil, append([]string{"help"}, words...)...)
		if code != 0 || errs != "" {
			t.Fatalf("procura help %s: exit %d, %s", c.name, code, errs)
		}
		code, dashH, errs := run(t, nil, append(words, "-h")...)
		if code != 0 || errs != "" {
			t.Fatalf("procura %s -h: exit %d, %s", c.name, code, errs)
		}
		if help != dashH {
			t.Errorf("procura help %s printed\n%s\nbut procura %s -h printed\n%s", c.name, help, c.name, dashH)
		}
		if !strings.HasPrefix(help, "Usage: procura "+c.name) || !strings.Contains(help, c.help) {
			t.Errorf("procura help %s does not name the command and what it does:\n%s", c.name, help)
		}
	}
	_, serve, _ := run(t, nil, "help", "serve")
	for _, f := range []string{"-db", "-addr", "-token-cache-ttl", "-trusted-proxies", "-demo", "PROCURA_TOKEN_TTL", "(default 48h)"} {
		if !strings.Contains(serve, f) {
			t.Errorf("procura help serve lacks %s:\n%s", f, serve)
		}
	}
	if code, _, errs := run(t, nil, "help", "nope"); code != 2 || !strings.Contains(errs, `unknown command "nope"`) {
		t.Errorf("procura help nope: exit %d, %s", code, errs)
	}
	if _, general, _ := run(t, nil, "help"); !strings.Contains(general, "procura healthcheck") || !strings.Contains(general, "procura COMMAND -h") {
		t.Errorf("procura help:\n%s", general)
	}
}

func TestVersion(t *testing.T) {
	code, want, errs := run(t, nil, "version")
	if code != 0 || errs != "" || !strings.HasPrefix(want, "procura ") || !strings.Contains(want, runtime.Version()) {
		t.Fatalf("procura version: exit %d, %q, %s", code, want, errs)
	}
	for _, args := range [][]string{{"--version"}, {"-version"}} {
		if code, got, _ := run(t, nil, args...); code != 0 || got != want {
			t.Errorf("procura %s: exit %d, %q, want %q", args[0], code, got, want)
		}
	}
	if code, _, _ := run(t, nil, "version", "extra"); code != 2 {
		t.Errorf("procura version extra: exit %d, want 2", code)
	}
}

func TestBuildVersion(t *testing.T) {
	vcs := []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "true"}}
	for _, c := range []struct {
		name, version, revision string
		info                    *debug.BuildInfo
		wantVersion, wantRev    string
	}{
		{"no build information", "", "", nil, "devel", ""},
		{"a checkout without history", "", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "devel", ""},
		{"a checkout with changes", "", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs}, "devel", "0123456789ab-modified"},
		{"go install @v1.2.3", "", "", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, "v1.2.3", ""},
		{"set at build time", "v2.0.0", "abc", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}, Settings: vcs}, "v2.0.0", "abc"},
	} {
		v, r := buildVersion(c.version, c.revision, c.info)
		if v != c.wantVersion || r != c.wantRev {
			t.Errorf("%s: %q %q, want %q %q", c.name, v, r, c.wantVersion, c.wantRev)
		}
	}
}

// TestErrorsArePrefixedOnce: every failure is one line on stderr, "procura: " once at its start.
func TestErrorsArePrefixedOnce(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		env  map[string]string
		args []string
		code int
	}{
		{nil, []string{"serve", "--bogus"}, 2},
		{nil, []string{"project", "create", "--bogus"}, 2},
		{nil, []string{"nope"}, 2},
		{nil, []string{"project"}, 2},
		{nil, []string{"migrate", "--db", "mysql://x"}, 2},
		{map[string]string{"PROCURA_TOKEN_TTL": "soon"}, []string{"serve"}, 2},
		{nil, []string{"project", "create", "--db", "sqlite:" + dir + "/p.db"}, 2},
		{nil, []string{"migrate", "--db", "sqlite:" + filepath.Join(dir, "missing", "x.db")}, 1},
		{nil, []string{"mails", "--project", "nope", "--db", "sqlite:" + dir + "/m.db"}, 1},
		{nil, []string{"healthcheck", "--addr", "127.0.0.1:1"}, 1},
	} {
		code, _, errs := run(t, c.env, c.args...)
		msg, _, _ := strings.Cut(strings.TrimPrefix(errs, "procura: "), " (see 'procura help")
		if code != c.code || !strings.HasPrefix(errs, "procura: ") || strings.Contains(msg, "procura") || strings.Count(errs, "\n") != 1 {
			t.Errorf("procura %s: exit %d, stderr %q; want exit %d and one line prefixed once", strings.Join(c.args, " "), code, errs, c.code)
		}
	}
	if _, _, errs := run(t, nil, "serve", "--bogus"); !strings.Contains(errs, "(see 'procura help serve')") {
		t.Errorf("a flag's mistake does not point to the command's help: %q", errs)
	}
}

func TestHealthcheck(t *testing.T) {
	status := http.StatusServiceUnavailable
	node := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/readyz" {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(status)
	}))
	defer node.Close()
	addr := strings.TrimPrefix(node.URL, "http://")
	if code, _, errs := run(t, nil, "healthcheck", "--addr", addr); code != 1 || !strings.Contains(errs, "503") {
		t.Errorf("a node not ready: exit %d, %s", code, errs)
	}
	status = http.StatusOK
	if code, out, errs := run(t, map[string]string{"PROCURA_ADDR": addr}, "healthcheck"); code != 0 || !strings.Contains(out, "ready") {
		t.Errorf("a ready node, its address from PROCURA_ADDR: exit %d, %s %s", code, out, errs)
	}
	for in, want := range map[string]string{":8080": "127.0.0.1:8080", "0.0.0.0:80": "127.0.0.1:80", "[::]:8080": "[::1]:8080", "10.1.2.3:9": "10.1.2.3:9", "example.org:1": "example.org:1"} {
		if got := dialable(in); got != want {
			t.Errorf("dialable(%q) = %q, want %q", in, got, want)
		}
	}
}

// lockedBuffer is a buffer that one goroutine writes while another reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// TestDemoBannerSaysWhereThingsAre: serve --demo names the API, the health probes and the docs,
// and the probe it names answers.
func TestDemoBannerSaysWhereThingsAre(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"PROCURA_DB": "sqlite:" + filepath.Join(dir, "demo.db"), "PROCURA_ADDR": "127.0.0.1:0",
		"PROCURA_MAIL_DIR": filepath.Join(dir, "mail"), "PROCURA_SMTP_FROM": "demo@procura.localhost"}
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr lockedBuffer
	done := make(chan int)
	go func() {
		done <- Main(ctx, []string{"serve", "--demo"}, func(k string) string { return env[k] }, strings.NewReader(""), &stdout, &stderr)
	}()
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(stdout.String(), "client secret") {
		select {
		case code := <-done:
			t.Fatalf("serve --demo ended with %d: %s", code, stderr.String())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("no banner after 60s: %s %s", stdout.String(), stderr.String())
		}
	}
	banner := stdout.String()
	first, _, _ := strings.Cut(banner, "\n")
	base := first[strings.Index(first, "http://"):]
	for _, want := range []string{
		"API:           " + base + "/demo/",
		"token URL: " + base + "/oauth/token",
		"health probe:  " + base + "/readyz",
		"dashboard:     " + base + "/admin/",
		base + "/healthz",
		"docs:          README.md and docs/api.md",
	} {
		if !strings.Contains(banner, want) {
			t.Errorf("the banner lacks %q:\n%s", want, banner)
		}
	}
	resp, err := http.Get(base + "/readyz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("the banner's probe %s/readyz: %v %v", base, resp, err)
	} else {
		resp.Body.Close()
	}
	if code, out, errs := run(t, nil, "healthcheck", "--addr", strings.TrimPrefix(base, "http://")); code != 0 {
		t.Errorf("healthcheck of the demo: exit %d, %s %s", code, out, errs)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve --demo stopped with %d: %s", code, stderr.String())
	}
}
