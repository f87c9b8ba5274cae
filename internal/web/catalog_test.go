package web

import (
	"io/fs"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/procura/procura"
)

// TestEveryMessageIsInEnglish: each key the templates and the handlers name has an English
// message, so no page shows a bare key.
func TestEveryMessageIsInEnglish(t *testing.T) {
	used := map[string]bool{}
	inTemplate := regexp.MustCompile(`\.T "([^"]+)"`)
	_ = fs.WalkDir(templateFiles, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, _ := fs.ReadFile(templateFiles, path)
		for _, m := range inTemplate.FindAllStringSubmatch(string(src), -1) {
			used[m[1]] = true
		}
		return nil
	})
	inGo := regexp.MustCompile(`"((?:app|nav|company|signIn|orders|order|approvals|flow|status|security|error)\.[A-Za-z]+)"`)
	for _, name := range []string{"pages.go", "render.go", "web.go"} {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range inGo.FindAllStringSubmatch(string(src), -1) {
			used[m[1]] = true
		}
	}
	for _, s := range []string{"Pending", "Approved", "Rejected"} { // status. + a flow's status
		used["status."+s] = true
	}
	if len(used) < 40 {
		t.Fatalf("found only %d keys: the patterns miss them", len(used))
	}
	for k := range used {
		if _, ok := english[k]; !ok {
			t.Errorf("no English message for %q", k)
		}
	}
}

// TestLanguageOfTheRequest: a language with a catalog is taken from Accept-Language, else
// English; a key the language lacks falls back to English.
func TestLanguageOfTheRequest(t *testing.T) {
	catalogs["xx"] = map[string]string{"nav.orders": "Xorders"}
	defer delete(catalogs, "xx")
	r := httptest.NewRequest("GET", "/", nil)
	for header, want := range map[string]string{"": "en", "fr-CH, fr;q=0.9": "en", "xx-YY;q=0.8, en": "xx", "de, xx": "xx"} {
		r.Header.Set("Accept-Language", header)
		if got := langOf(r).Tag; got != want {
			t.Errorf("Accept-Language %q: %s, want %s", header, got, want)
		}
	}
	r.Header.Set("Accept-Language", "xx")
	l := langOf(r)
	if l.T("nav.orders") != "Xorders" || l.T("nav.approvals") != "Approvals" || l.T("order.title", "42") != "Order 42" ||
		!strings.HasPrefix(l.T("no.such.key"), "no.such.key") {
		t.Errorf("messages: %q %q %q", l.T("nav.orders"), l.T("nav.approvals"), l.T("order.title", "42"))
	}
}

// TestMoney: amounts with their currency's fraction digits and thousands separators.
func TestMoney(t *testing.T) {
	for _, c := range []struct {
		cents  int64
		digits int
		want   string
	}{{125000, 2, "1,250.00 USD"}, {5, 2, "0.05 USD"}, {-123456789, 2, "-1,234,567.89 USD"}, {1000, 0, "1,000 USD"}} {
		if got := money(moneyOf(c.cents, c.digits)); got != c.want {
			t.Errorf("%d: %s, want %s", c.cents, got, c.want)
		}
	}
}

func moneyOf(cents int64, digits int) procura.Money {
	return procura.Money{CurrencyCode: "USD", CentAmount: cents, FractionDigits: digits}
}
