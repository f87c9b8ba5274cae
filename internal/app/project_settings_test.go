package app_test

import (
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// TestProjectChangesReachEveryNodeAtOnce: two nodes over one database; a node that created
// customers' units with the project's settings creates the next with another node's change of
// them, and refused changes on either leave the settings as they were.
func TestProjectChangesReachEveryNodeAtOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := acmeWorld(t, a, c)
		other := app.New(a.Store)
		alice := w.as("alice@acme.example", "")
		create := func(key string) (*procura.BusinessUnit, error) { // on the other node
			return other.CreateMyBusinessUnit(ctx, alice, procura.MyBusinessUnitDraft{Key: key, Name: key, UnitType: procura.UnitTypeCompany})
		}
		_, err := create("first")
		wantCode(t, err, procura.CodeInvalidOperation) // no role for creators yet
		p := must[*procura.Project](t)(a.GetProject(ctx, c))
		p = must[*procura.Project](t)(a.UpdateProject(ctx, c, actions(p.Version, `{"action":"setMyBusinessUnitAssociateRoleOnCreation","associateRole":{"key":"admin"}}`)))
		if u := must[*procura.BusinessUnit](t)(create("first")); u.Status != procura.StatusInactive {
			t.Fatalf("with the role set on the first node: %s", u.Status)
		}
		p = must[*procura.Project](t)(a.UpdateProject(ctx, c, actions(p.Version, `{"action":"changeMyBusinessUnitStatusOnCreation","status":"Active"}`)))
		if u := must[*procura.BusinessUnit](t)(create("second")); u.Status != procura.StatusActive {
			t.Fatalf("with Active set on the first node: %s", u.Status)
		}

		_, err = other.UpdateProject(ctx, c, actions(p.Version-1, `{"action":"changeName","name":"Stale"}`))
		wantCode(t, err, procura.CodeConcurrentModification)
		_, err = other.UpdateProject(ctx, c, actions(p.Version, `{"action":"changeName","name":"Half"}`, `{"action":"changeFrozenPricesDays","frozenPricesDays":-1}`))
		if err == nil {
			t.Fatal("a negative number of days was taken")
		}
		for _, node := range []*app.App{a, other} {
			if got := must[*procura.Project](t)(node.GetProject(ctx, c)); got.Name == "Stale" || got.Name == "Half" || got.Version != p.Version {
				t.Fatalf("after refused changes: %q at version %d", got.Name, got.Version)
			}
			if err := app.KeptSettings(node); err != nil {
				t.Fatal(err)
			}
		}
		if u := must[*procura.BusinessUnit](t)(create("third")); u.Status != procura.StatusActive {
			t.Fatalf("after refused changes: %s", u.Status)
		}
	})
}
