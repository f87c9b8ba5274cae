package app_test

import (
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// TestProjectChangesReachEveryNodeAtOnce: two nodes over one database; a node that read the
// project's settings reads another node's change of them at once, and a refused change on
// either leaves them as they were.
func TestProjectChangesReachEveryNodeAtOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		other := app.New(a.Store)
		before := must[*procura.Project](t)(other.GetProject(ctx, c))
		p := must[*procura.Project](t)(a.UpdateProject(ctx, c, actions(before.Version, `{"action":"changeName","name":"Renamed"}`)))
		if got := must[*procura.Project](t)(other.GetProject(ctx, c)); got.Name != "Renamed" || got.Version != before.Version+1 {
			t.Fatalf("the other node reads %q at version %d after the change", got.Name, got.Version)
		}
		_, err := other.UpdateProject(ctx, c, actions(before.Version, `{"action":"changeName","name":"Stale"}`))
		wantCode(t, err, procura.CodeConcurrentModification)
		_, err = other.UpdateProject(ctx, c, actions(p.Version, `{"action":"changeName","name":"Half"}`, `{"action":"changeFrozenPricesDays","frozenPricesDays":-1}`))
		if err == nil {
			t.Fatal("a negative number of days was taken")
		}
		for _, node := range []*app.App{a, other} {
			if got := must[*procura.Project](t)(node.GetProject(ctx, c)); got.Name != "Renamed" || got.Version != p.Version {
				t.Fatalf("after refused changes: %q at version %d", got.Name, got.Version)
			}
		}
	})
}
