package procura_test

import (
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// allowedImports lists, for each package of the module, the module packages it may import
// (docs/architecture.md explains the rule). Standard-library and third-party imports are free,
// except that the domain and the predicate languages import no third-party code.
var allowedImports = map[string][]string{
	"":                          {"query"},
	"query":                     {"internal/scan"},
	"predicate":                 {"internal/scan"},
	"internal/scan":             {},
	"internal/store":            {""},
	"internal/store/storetest":  {"", "internal/store"},
	"internal/sqlstore":         {"", "internal/store"},
	"internal/sqlstore/sqltest": {"internal/sqlstore"},
	"internal/app":              {"", "query", "predicate", "internal/store"},
	"internal/httpapi":          {"", "internal/app", "internal/openapi"},
	"internal/openapi":          {"internal/refshape"},
	"internal/oauth":            {"", "internal/app", "internal/httpapi"},
	"internal/web":              {"", "internal/app", "internal/httpapi"},
	"internal/config":           {},
	"internal/cli":              {"", "internal/app", "internal/config", "internal/deliver", "internal/demo", "internal/httpapi", "internal/mail", "internal/metrics", "internal/oauth", "internal/sqlstore", "internal/web"},
	"internal/metrics":          {"internal/app"},
	"internal/deliver":          {"", "internal/app"},
	"internal/mail":             {"internal/store"},
	"internal/mail/mailtest":    {},
	"internal/demo":             {"", "internal/app"},
	"cmd/procura":               {"internal/cli"},
	// The data generator and load tests fill a database directly and drive the application.
	"internal/loadtest":   {"", "internal/app", "internal/httpapi", "internal/sqlstore", "internal/sqlstore/sqltest", "internal/store"},
	"cmd/procura-datagen": {"internal/loadtest", "internal/sqlstore"},
	// The bare point-read handler the load harness compares Procura with reads the database
	// itself, through the drivers alone.
	"internal/loadtest/pointread": {},
	// The reference's shapes, for tests, and the command that derives them from its RAML files.
	"internal/refshape":     {},
	"internal/refshape/gen": {"internal/refshape"},
}

const module = "github.com/procura/procura"

// domainThirdParty lists the only third-party packages the domain may import: the Go project's
// own IDNA and Unicode normalization, which compare email domains (docs/security.md). No
// standard-library package does either.
var domainThirdParty = map[string]bool{"golang.org/x/net/idna": true, "golang.org/x/text/unicode/norm": true}

func TestImportRules(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Dir(file)
	for rel, allowed := range allowedImports {
		pkg, err := build.ImportDir(filepath.Join(root, rel), 0)
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			continue
		}
		pure := rel == "" || rel == "query" || rel == "predicate" || rel == "internal/scan"
		for _, imp := range pkg.Imports {
			inModule := imp == module || strings.HasPrefix(imp, module+"/")
			if !inModule {
				if pure && strings.Contains(strings.Split(imp, "/")[0], ".") && !(rel == "" && domainThirdParty[imp]) {
					t.Errorf("%s imports third-party package %s; the domain stays free of them", show(rel), imp)
				}
				continue
			}
			target := strings.TrimPrefix(strings.TrimPrefix(imp, module), "/")
			if !contains(allowed, target) {
				t.Errorf("%s imports %s, which docs/architecture.md does not allow", show(rel), show(target))
			}
		}
	}
}

// TestEveryPackageHasAnImportRule keeps the table above complete.
func TestEveryPackageHasAnImportRule(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Dir(file)
	_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if rel == "." {
			rel = ""
		}
		if strings.HasPrefix(d.Name(), ".") || rel == "e2e" || strings.Contains(rel, "testdata") || d.Name() == "docs" {
			if path != root {
				return filepath.SkipDir
			}
		}
		if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil && path != root {
			return filepath.SkipDir // a module of its own (the load harness), not a package of Procura
		}
		if pkg, err := build.ImportDir(path, 0); err == nil && len(pkg.GoFiles) > 0 {
			if _, ok := allowedImports[rel]; !ok {
				t.Errorf("package %s has no entry in allowedImports", show(rel))
			}
		}
		return nil
	})
}

func show(rel string) string {
	if rel == "" {
		return "the root package"
	}
	return rel
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
