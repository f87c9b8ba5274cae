package app_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// TestMyCompaniesOfUnitsNeverReadBefore: the company switcher's list names each company of the
// customer and marks the one the token acts in, also when no request has read those units
// before (their company is derived from their ancestors on every read, never stored).
func TestMyCompaniesOfUnitsNeverReadBefore(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := newWorld(t, a, c)
		w.role("buyer", true, procura.CreateMyCarts)
		w.customer("carol@acme.example")
		w.unit("acme", "-")
		w.unit("acme-eng", "acme")
		w.unit("globex", "-")
		w.associate("acme", "carol@acme.example", "buyer", "Enabled")
		w.associate("globex", "carol@acme.example", "buyer", "Disabled")
		for _, bound := range []string{"", "acme-eng", "globex"} {
			got, err := a.MyCompanies(ctx, w.as("carol@acme.example", bound))
			if err != nil {
				t.Fatalf("bound to %q: %v", bound, err)
			}
			var s []string
			for _, co := range got {
				s = append(s, fmt.Sprintf("%s:%v", co.Key, co.Active))
			}
			want := map[string]string{"": "acme:false globex:false", "acme-eng": "acme:true globex:false", "globex": "acme:false globex:true"}[bound]
			if strings.Join(s, " ") != want {
				t.Errorf("bound to %q: %v, want %s", bound, s, want)
			}
		}
	})
}
