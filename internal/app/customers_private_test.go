package app_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// TestNoAnswerShowsAPasswordHash: the stored customer holds the hash of their password; no read
// shows it: a page the store answers whole (sent as stored), a page tested in memory, a
// customer by id, a unit with its associates' customers expanded, and /me.
func TestNoAnswerShowsAPasswordHash(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := acmeWorld(t, a, c)
		alice := w.customers["alice@acme.example"]
		var answers []any
		for _, q := range []app.Query{{Limit: 20}, {Limit: 20, WithTotal: true, Sort: []string{"email desc"}}, {Limit: 20, Where: []string{`firstName is not defined`}}} {
			answers = append(answers, must[*app.Page](t)(a.QueryCustomers(ctx, c, q)))
		}
		answers = append(answers, must[*procura.Customer](t)(a.GetCustomer(ctx, c, app.Ref{ID: alice})))
		unit := must[*procura.BusinessUnit](t)(a.GetBusinessUnit(ctx, c, app.Ref{Key: "acme"}))
		answers = append(answers, expandedAs(t, a, c, unit, "associates[*].customer"))
		answers = append(answers, must[*app.Account](t)(a.GetMe(ctx, w.as("alice@acme.example", ""))))
		for i, v := range answers {
			raw := string(must[[]byte](t)(json.Marshal(v)))
			if strings.Contains(raw, "passwordHash") || strings.Contains(raw, "argon2") {
				t.Errorf("answer %d shows a password hash: %s", i, raw)
			}
			if !strings.Contains(raw, alice) {
				t.Errorf("answer %d does not show alice: %s", i, raw)
			}
		}
	})
}
