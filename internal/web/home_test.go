package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestHome: the portal opens on the home page. Bob, a buyer, sees his own recent orders and
// nothing awaiting his approval; carol, the approver, sees bob's order awaiting her and the
// company's recent orders, alice's among them.
func TestHome(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		if p := w.browser(t).get(""); p.status != http.StatusSeeOther || !strings.HasPrefix(p.location, "/portal/demo/sign-in") {
			t.Errorf("home without a session: %d %q", p.status, p.location)
		}
		w.quoteCart(t, 3)
		bob := w.browser(t).signIn("bob@acme.example")
		p := bob.get("")
		if p.status != http.StatusOK || !strings.Contains(p.body, "Your recent orders") || !strings.Contains(p.body, w.bobsOrder.ID) ||
			strings.Contains(p.body, w.alices.ID) || !strings.Contains(p.body, "Nothing awaits your approval.") ||
			!strings.Contains(p.body, "3 items, 7.50 USD, changed") {
			t.Errorf("bob's home: %d %s", p.status, p.body)
		}
		carol := w.browser(t).signIn("carol@acme.example")
		p = carol.get("")
		approvals := p.body[strings.Index(p.body, `id="approvals"`):strings.Index(p.body, `id="quotes"`)]
		if p.status != http.StatusOK || !strings.Contains(approvals, w.bobsOrder.ID) || !strings.Contains(p.body, "Recent orders of the company") ||
			!strings.Contains(p.body, w.alices.ID) {
			t.Errorf("carol's home: %d %s", p.status, p.body)
		}
		if !strings.Contains(p.body, "No open carts.") {
			t.Errorf("carol's carts at acme-corp: %s", p.body)
		}
	})
}
