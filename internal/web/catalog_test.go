package web

import (
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
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
	// A key named in the Go code: a string of two dotted words whose first is a key's group.
	groups := map[string]bool{}
	for k := range english {
		groups[strings.SplitN(k, ".", 2)[0]] = true
	}
	inGo := regexp.MustCompile(`"([a-z][A-Za-z]*)\.([A-Za-z]+)"`)
	sources, _ := filepath.Glob("*.go")
	for _, name := range sources {
		if strings.HasSuffix(name, "_test.go") || strings.HasPrefix(name, "words_") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range inGo.FindAllStringSubmatch(string(src), -1) {
			if groups[m[1]] {
				used[m[1]+"."+m[2]] = true
			}
		}
	}
	for _, s := range []string{"Pending", "Approved", "Rejected"} { // status. + a flow's status
		used["status."+s] = true
	}
	for _, s := range []string{"Open", "Confirmed", "Complete", "Cancelled"} { // orderState. + an order's state
		used["orderState."+s] = true
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

// TestEveryMessageIsInGerman: the German catalog has every key, and each German message takes
// the same fmt verbs, in the same order, as the English one.
func TestEveryMessageIsInGerman(t *testing.T) {
	verbs := regexp.MustCompile(`%[-+# 0]*[0-9]*(?:\.[0-9]+)?[a-zA-Z]`)
	for k, en := range english {
		de, ok := german[k]
		if !ok {
			t.Errorf("no German message for %q", k)
			continue
		}
		if a, b := verbs.FindAllString(en, -1), verbs.FindAllString(de, -1); !slices.Equal(a, b) {
			t.Errorf("%q: English takes %v, German %v", k, a, b)
		}
	}
}

// TestLanguageOfTheRequest: a language with a catalog is taken from Accept-Language, else
// English; a key the language lacks falls back to English.
func TestLanguageOfTheRequest(t *testing.T) {
	catalogs["xx"] = map[string]string{"nav.orders": "Xorders"}
	defer delete(catalogs, "xx")
	r := httptest.NewRequest("GET", "/", nil)
	for header, want := range map[string]string{"": "en", "fr-CH, fr;q=0.9": "en", "xx-YY;q=0.8, en": "xx", "de, xx": "de", "xx-YY, de": "xx"} {
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

// TestMoney: amounts with their currency's fraction digits, grouped as the language groups digits.
func TestMoney(t *testing.T) {
	for _, c := range []struct {
		cents  int64
		digits int
		want   string
	}{{125000, 2, "1,250.00 USD"}, {5, 2, "0.05 USD"}, {-123456789, 2, "-1,234,567.89 USD"}, {1000, 0, "1,000 USD"}} {
		if got := (lang{Tag: "en"}).Money(moneyOf(c.cents, c.digits)); got != c.want {
			t.Errorf("%d: %s, want %s", c.cents, got, c.want)
		}
	}
	if got := (lang{Tag: "de"}).Money(moneyOf(-123456789, 2)); got != "-1.234.567,89 USD" {
		t.Errorf("in German: %s", got)
	}
}

// TestDate: a stored time in UTC to the minute, as each language writes it.
func TestDate(t *testing.T) {
	const stored = "2026-12-06T09:03:04.123Z"
	for tag, want := range map[string]string{"en": "2026-12-06 09:03 UTC", "de": "06.12.2026 09:03 UTC", "xx": "2026-12-06 09:03 UTC"} {
		if got := (lang{Tag: tag}).Date(stored); got != want {
			t.Errorf("%s: %s, want %s", tag, got, want)
		}
	}
	if got := (lang{Tag: "en"}).Date("not a time"); got != "not a time" {
		t.Errorf("an unreadable time: %s", got)
	}
}

func moneyOf(cents int64, digits int) procura.Money {
	return procura.Money{CurrencyCode: "USD", CentAmount: cents, FractionDigits: digits}
}
