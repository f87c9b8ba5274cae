package cli

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeAndImageNameGoModsGo: the README names the Go release go.mod's go line needs, the
// container image builds with that release, and the README's command table has every command.
func TestReadmeAndImageNameGoModsGo(t *testing.T) {
	read := func(name string) string {
		b, err := os.ReadFile("../../" + name)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	m := regexp.MustCompile(`(?m)^go (\S+)$`).FindStringSubmatch(read("go.mod"))
	if m == nil {
		t.Fatal("go.mod has no go line")
	}
	readme := read("README.md")
	if want := "With Go " + m[1] + " or newer installed"; !strings.Contains(readme, want) {
		t.Errorf("README.md does not say %q", want)
	}
	if want := "ARG GO_VERSION=" + m[1] + "\n"; !strings.Contains(read("Dockerfile"), want) {
		t.Errorf("Dockerfile does not build with go.mod's Go: no %q", want)
	}
	for _, c := range commands() {
		if !strings.Contains(readme, "| `procura "+c.name) && !strings.Contains(readme, ", `procura "+c.name) {
			t.Errorf("README.md's command table lacks procura %s", c.name)
		}
	}
}
