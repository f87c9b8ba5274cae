package app_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/store"
)

// A unit is shown with what it inherits from its ancestors as they are now. The node keeps the
// JSON of a unit it showed, and answers it again only while the unit and each of its ancestors
// are at the versions it was derived over: a change two levels up shows at the next read.
func TestAUnitShownFollowsItsAncestors(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		must[*procura.AssociateRole](t)(a.CreateAssociateRole(ctx, c, procura.AssociateRoleDraft{Key: "admin"}))
		customer := func(email string) string {
			return must[*procura.CustomerSignInResult](t)(a.CreateCustomer(ctx, c, procura.CustomerDraft{Email: email, Password: "correct horse"})).Customer.ID
		}
		alice, bob := customer("alice@acme.example"), customer("bob@acme.example")
		must[*procura.BusinessUnit](t)(a.CreateBusinessUnit(ctx, c, company("acme")))
		must[*procura.BusinessUnit](t)(a.CreateBusinessUnit(ctx, c, company("other")))
		parent := &procura.ResourceIdentifier{Key: "acme"}
		for _, key := range []string{"d1", "d2"} {
			must[*procura.BusinessUnit](t)(a.CreateBusinessUnit(ctx, c, procura.BusinessUnitDraft{Key: key, Name: key, UnitType: procura.UnitTypeDivision, ParentUnit: parent}))
			parent = &procura.ResourceIdentifier{Key: key}
		}
		add := func(unit, customer string) {
			u := must[*procura.BusinessUnit](t)(a.GetBusinessUnit(ctx, c, app.Ref{Key: unit}))
			must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: unit}, actions(u.Version,
				`{"action":"addAssociate","associate":{"customer":{"id":"`+customer+`"},"associateRoleAssignments":[{"associateRole":{"key":"admin"},"inheritance":"Enabled"}]}}`)))
		}
		d2 := must[*procura.BusinessUnit](t)(a.GetBusinessUnit(ctx, c, app.Ref{Key: "d2"}))
		// d2 as the query of d1's children shows it, and as a GET by key and by id shows it,
		// each read twice: derived, then as kept
		reads := map[string]func() map[string]any{
			"query": func() map[string]any {
				items := must[*app.Page](t)(a.QueryBusinessUnits(ctx, c, app.Query{Where: []string{`parentUnit(key="d1")`}, Limit: 20})).Items()
				if len(items) != 1 {
					t.Fatalf("d1's children: %d units", len(items))
				}
				return items[0]
			},
			"by key": func() map[string]any {
				return decoded(t, must[json.RawMessage](t)(a.ShowBusinessUnit(ctx, c, app.Ref{Key: "d2"})))
			},
			"by id": func() map[string]any {
				return decoded(t, must[json.RawMessage](t)(a.ShowBusinessUnit(ctx, c, app.Ref{ID: d2.ID})))
			},
		}
		shown := func(want string) {
			t.Helper()
			for name, read := range reads {
				for range 2 {
					unit := read()
					var got []any
					for _, as := range unit["inheritedAssociates"].([]any) {
						got = append(got, as.(map[string]any)["customer"].(map[string]any)["id"])
					}
					top := unit["topLevelUnit"].(map[string]any)["key"]
					if s := fmt.Sprint(top, " ", got); s != want {
						t.Fatalf("d2 read %s shows %s, want %s", name, s, want)
					}
				}
			}
		}
		shown("acme []")
		add("acme", alice) // two levels up: d1 and d2 keep their versions
		shown(fmt.Sprint("acme ", []any{alice}))
		add("d1", bob)
		shown(fmt.Sprint("acme ", []any{bob, alice}))
		d1 := must[*procura.BusinessUnit](t)(a.GetBusinessUnit(ctx, c, app.Ref{Key: "d1"}))
		must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "d1"}, actions(d1.Version,
			`{"action":"changeParentUnit","parentUnit":{"key":"other"}}`)))
		shown(fmt.Sprint("other ", []any{bob}))
	})
}

// A read asks for a unit's lineage without the units' data, and answers from the units the node
// keeps decoded while each of them is kept at the version read; after a change it reads the
// lineage again, whole, once. A query of a unit's children reads that unit's lineage with the
// page, in the same round trip.
func TestAUnitsLineageIsReadWithoutItsDataWhileItsUnitsAreKept(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		acme := must[*procura.BusinessUnit](t)(a.CreateBusinessUnit(ctx, c, company("acme")))
		must[*procura.BusinessUnit](t)(a.CreateBusinessUnit(ctx, c, procura.BusinessUnitDraft{Key: "d1", Name: "d1", UnitType: procura.UnitTypeDivision,
			ParentUnit: &procura.ResourceIdentifier{Key: "acme"}}))
		n := &lineageCount{}
		spy := app.SpyStore{Store: a.Store, Wrap: func(d store.Docs) store.Docs { return lineageDocs{Docs: d, n: n} }}
		read := func(want string) {
			t.Helper()
			db := a.Store
			a.Store = spy
			defer func() { a.Store = db }()
			u := decoded(t, must[json.RawMessage](t)(a.ShowBusinessUnit(ctx, c, app.Ref{Key: "d1"})))
			if got := fmt.Sprint(u["topLevelUnit"].(map[string]any)["key"], " ", n.bare, " ", n.whole); got != want {
				t.Fatalf("d1 shown under %s, lineages read without and with data; want %s", got, want)
			}
		}
		read("acme 1 1") // nothing kept yet
		read("acme 2 1")
		must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "acme"}, actions(acme.Version, `{"action":"changeName","name":"Acme"}`)))
		read("acme 3 2") // acme changed
		read("acme 4 2")
		children := func(want string, sort ...string) {
			t.Helper()
			db := a.Store
			a.Store = spy
			defer func() { a.Store = db }()
			items := must[*app.Page](t)(a.QueryBusinessUnits(ctx, c, app.Query{Where: []string{`parentUnit(key="acme")`}, Sort: sort, Limit: 20})).Items()
			if got := fmt.Sprint(len(items), " ", items[0]["topLevelUnit"].(map[string]any)["key"], " ", n.bare, " ", n.whole, " ", n.paged); got != want {
				t.Fatalf("acme's children: %s units under %s, lineages read without and with data, and with a page; want %s", got, want, want)
			}
		}
		children("1 acme 4 2 1")
		acme = must[*procura.BusinessUnit](t)(a.GetBusinessUnit(ctx, c, app.Ref{Key: "acme"}))
		must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "acme"}, actions(acme.Version, `{"action":"changeName","name":"ACME"}`)))
		children("1 acme 4 3 2") // acme changed: read whole for its child's chain
		children("1 acme 4 3 3")
		children("1 acme 5 3 3", "key asc") // in another order: the page, then the lineage
	})
}

// lineageDocs counts the lineages asked for.
type lineageDocs struct {
	store.Docs
	n *lineageCount
}

type lineageCount struct{ bare, whole, paged int }

func (d lineageDocs) Lineage(typ, key string) ([]*store.Doc, error) {
	d.n.whole++
	return d.Docs.Lineage(typ, key)
}

func (d lineageDocs) LineageWithoutData(typ, key string) ([]*store.Doc, error) {
	d.n.bare++
	return d.Docs.LineageWithoutData(typ, key)
}

func (d lineageDocs) FindWithLineage(f store.Filter, key string) ([]*store.Doc, int, []*store.Doc, error) {
	d.n.paged++
	return d.Docs.FindWithLineage(f, key)
}

func decoded(t *testing.T, raw json.RawMessage) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// Units that do not link up into a tree (a loop here, stored by hand: what a request can read
// when units move between two of its statements) are answered as a concurrent change to try
// again, a 409, not as a failure of the server.
func TestUnitsThatLoopAreAChangeWhileRead(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		must[*procura.BusinessUnit](t)(a.CreateBusinessUnit(ctx, c, company("top")))
		parent := &procura.ResourceIdentifier{Key: "top"}
		for _, key := range []string{"d1", "d2"} {
			must[*procura.BusinessUnit](t)(a.CreateBusinessUnit(ctx, c, procura.BusinessUnitDraft{Key: key, Name: key, UnitType: procura.UnitTypeDivision, ParentUnit: parent}))
			parent = &procura.ResourceIdentifier{Key: key}
		}
		err := a.Store.Write(ctx, func(tx store.Tx) error { // top under d2
			p, err := tx.ProjectByKey(c.ProjectKey)
			if err != nil {
				return err
			}
			d := tx.Docs(p.ID)
			doc, err := d.GetByKey(procura.TypeBusinessUnit, "top")
			if err != nil {
				return err
			}
			var fields map[string]json.RawMessage
			if err := json.Unmarshal(doc.Data, &fields); err != nil {
				return err
			}
			fields["parentUnit"] = json.RawMessage(`{"typeId":"business-unit","key":"d2"}`)
			looped := *doc
			looped.Parent, looped.Version = "d2", doc.Version+1
			if looped.Data, err = json.Marshal(fields); err != nil {
				return err
			}
			return d.Update(&looped, doc.Version)
		})
		if err != nil {
			t.Fatal(err)
		}
		for name, read := range map[string]func() error{
			"by key": func() error { _, err := a.ShowBusinessUnit(ctx, c, app.Ref{Key: "d2"}); return err },
			"query": func() error {
				_, err := a.QueryBusinessUnits(ctx, c, app.Query{Where: []string{`parentUnit(key="d1")`}, Limit: 20})
				return err
			},
		} {
			if err := read(); procura.ErrorCode(err) != procura.CodeConcurrentModification {
				t.Errorf("%s: %v, want ConcurrentModification", name, err)
			}
		}
	})
}
