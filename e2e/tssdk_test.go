package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestTypeScriptSDK drives the real binary with the official commercetools TypeScript SDK
// (@commercetools/platform-sdk with @commercetools/ts-client, pinned in tssdk/package-lock.json):
// a narrowed client-credentials token, sign-up with addresses and locale, password reset, the
// password flow, categories, product projections, the product search and the anonymous session
// flow with its cart taken over at sign-in, and a checkout: tax category, zone and shipping
// method, the cart priced with them, its order, a payment and a delivery (tssdk/sdk.mjs). It
// needs Node.js and npm; without them it is skipped, except in CI, where that fails.
func TestTypeScriptSDK(t *testing.T) {
	node, nodeErr := exec.LookPath("node")
	npm, npmErr := exec.LookPath("npm")
	if nodeErr != nil || npmErr != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("node or npm not found (%v, %v): CI must install them", nodeErr, npmErr)
		}
		t.Skip("node and npm are needed for the TypeScript SDK test")
	}
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "e2e", "tssdk")
	install := exec.Command(npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
	install.Dir = dir
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("npm ci: %v\n%s", err, out)
	}
	forEachBackend(t, func(t *testing.T, s *server) {
		client := s.newAPIClient(t, s.project, "manage_project:"+s.project)
		run := exec.Command(node, "sdk.mjs")
		run.Dir = dir
		run.Env = append(os.Environ(), "PROCURA_URL="+s.base, "PROCURA_PROJECT="+s.project,
			"PROCURA_CLIENT_ID="+client.ID, "PROCURA_CLIENT_SECRET="+client.Secret)
		out, err := run.CombinedOutput()
		if err != nil {
			t.Fatalf("the TypeScript SDK: %v\n%s", err, out)
		}
		t.Logf("%s", out)
	})
}
