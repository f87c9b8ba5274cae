package app

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/sqlstore/sqltest"
)

// inProject runs fn against a fresh App with project "acme" on each backend.
func inProject(t *testing.T, fn func(t *testing.T, a *App, c Caller)) {
	for _, backend := range sqltest.Backends() {
		t.Run(backend.Name, func(t *testing.T) {
			a := New(sqltest.Open(t, backend))
			if _, err := a.CreateProject(context.Background(), "acme", ""); err != nil {
				t.Fatal(err)
			}
			fn(t, a, Caller{ProjectKey: "acme"})
		})
	}
}

// goodsType creates the product type "goods" with the JSON of its attribute definitions.
func goodsType(t *testing.T, a *App, c Caller, attributes string) *procura.ProductType {
	t.Helper()
	var d procura.ProductTypeDraft
	if err := procura.DecodeJSON([]byte(`{"key":"goods","name":"Goods","attributes":[`+attributes+`]}`), &d); err != nil {
		t.Fatal(err)
	}
	typ, err := a.CreateProductType(context.Background(), c, d)
	if err != nil {
		t.Fatal(err)
	}
	return typ
}

// update is an update of version made of the JSON actions.
func update(version int64, acts ...string) procura.Update {
	u := procura.Update{Version: &version}
	for _, a := range acts {
		u.Actions = append(u.Actions, json.RawMessage(a))
	}
	return u
}

// A product stored before its type defined attributes keeps the attributes its type does not
// define: updates that do not write them succeed and leave them, an attribute written is checked,
// and the type's changes move only the attributes they name.
func TestStoredAttributesTheTypeLacksStayUntilWritten(t *testing.T) {
	inProject(t, func(t *testing.T, a *App, c Caller) {
		ctx := context.Background()
		typ := goodsType(t, a, c, `
				{"name":"ean","label":{"en":"EAN"},"isRequired":true,"type":{"name":"text"}},
				{"name":"color","label":{"en":"Color"},"isRequired":false,"attributeConstraint":"CombinationUnique","type":{"name":"enum","values":[{"key":"red","label":"Red"}]}}`)
		p, err := a.CreateProduct(ctx, c, procura.ProductDraft{ProductType: &procura.ResourceIdentifier{ID: typ.ID},
			Name: procura.LocalizedString{"en": "drill"}, Slug: procura.LocalizedString{"en": "drill"},
			MasterVariant: &procura.VariantDraft{SKU: "D-1", Attributes: []procura.Attribute{{Name: "ean", Value: "1"}}}})
		if err != nil {
			t.Fatal(err)
		}
		// as stored before the type defined its attributes: free-form names and values
		legacy := []procura.Attribute{{Name: "ean", Value: "1"}, {Name: "finish", Value: "matte"}}
		for _, pd := range []*procura.ProductData{&p.MasterData.Current, &p.MasterData.Staged} {
			pd.MasterVariant.Attributes = append([]procura.Attribute{}, legacy...)
			pd.Attributes = procura.List[procura.Attribute]{{Name: "origin", Value: "PT"}}
		}
		p.Touch(a.Now())
		if err := a.write(ctx, Caller{ProjectKey: "acme"}, func(l *lookup) error { return productKind.save(l.docs, p, p.Version-1) }); err != nil {
			t.Fatal(err)
		}
		version := p.Version
		for _, act := range []string{
			`{"action":"changeName","name":{"en":"Drill"},"staged":false}`,
			`{"action":"addPrice","variantId":1,"price":{"value":{"currencyCode":"EUR","centAmount":900}}}`,
			`{"action":"setAttribute","variantId":1,"name":"color","value":"red","staged":false}`,
			`{"action":"addVariant","sku":"D-2","attributes":[{"name":"ean","value":"2"}]}`,
		} {
			p, err = a.UpdateProduct(ctx, c, Ref{ID: p.ID}, update(version, act))
			if err != nil {
				t.Fatalf("%s: %v", act, err)
			}
			version = p.Version
		}
		for _, bad := range []struct{ action, code string }{
			{`{"action":"setAttribute","variantId":1,"name":"finish","value":"gloss"}`, procura.CodeAttributeNameDoesNotExist},
			{`{"action":"setAttribute","variantId":1,"name":"ean"}`, procura.CodeRequiredField},
			{`{"action":"setAttribute","variantId":2,"name":"color","value":"red"}`, procura.CodeDuplicateAttributeValues},
		} {
			if _, err := a.UpdateProduct(ctx, c, Ref{ID: p.ID}, update(version, bad.action)); procura.ErrorCode(err) != bad.code {
				t.Errorf("%s: got %v, want %s", bad.action, err, bad.code)
			}
		}
		if _, err := a.UpdateProductType(ctx, c, Ref{ID: typ.ID}, update(typ.Version,
			`{"action":"changeAttributeName","attributeName":"color","newAttributeName":"colour"}`,
			`{"action":"removeAttributeDefinition","name":"colour"}`)); err != nil {
			t.Fatal(err)
		}
		if p, err = a.GetProduct(ctx, c, Ref{ID: p.ID}); err != nil {
			t.Fatal(err)
		}
		attrs, _ := json.Marshal(p.MasterData.Current.MasterVariant.Attributes)
		own, _ := json.Marshal(p.MasterData.Current.Attributes)
		got := string(attrs) + " " + string(own)
		if want := `[{"name":"ean","value":"1"},{"name":"finish","value":"matte"}] [{"name":"origin","value":"PT"}]`; got != want {
			t.Errorf("after the type's changes: %s, want %s", got, want)
		}
	})
}

// A type's change reaches every product of the type, page after page, and is refused, writing
// nothing, when more products than the bound would have to follow it.
func TestTypeChangesReachAtMostTheBoundOfProducts(t *testing.T) {
	page, bound := productPage, maxFollowingProducts
	productPage, maxFollowingProducts = 2, 5
	t.Cleanup(func() { productPage, maxFollowingProducts = page, bound })
	inProject(t, func(t *testing.T, a *App, c Caller) {
		ctx := context.Background()
		typ := goodsType(t, a, c, `
				{"name":"color","label":{"en":"Color"},"isRequired":false,"type":{"name":"enum","values":[{"key":"red","label":"Red"}]}}`)
		newProduct := func(slug, color string) {
			t.Helper()
			if _, err := a.CreateProduct(ctx, c, procura.ProductDraft{ProductType: &procura.ResourceIdentifier{ID: typ.ID},
				Name: procura.LocalizedString{"en": slug}, Slug: procura.LocalizedString{"en": slug},
				MasterVariant: &procura.VariantDraft{Attributes: []procura.Attribute{{Name: "color", Value: color}}}}); err != nil {
				t.Fatal(err)
			}
		}
		keys := func() map[string]int {
			t.Helper()
			out := map[string]int{}
			if err := a.read(ctx, "acme", func(l *lookup) error {
				all, err := productKind.all(l)
				for _, p := range all {
					b, _ := json.Marshal(p.MasterData.Staged.MasterVariant.Attributes)
					out[string(b)]++
				}
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return out
		}
		for _, slug := range []string{"p1", "p2", "p3", "p4", "p5"} {
			newProduct(slug, "red")
		}
		var err error
		if typ, err = a.UpdateProductType(ctx, c, Ref{ID: typ.ID}, update(typ.Version,
			`{"action":"changeEnumKey","attributeName":"color","key":"red","newKey":"crimson"}`)); err != nil {
			t.Fatal(err)
		}
		crimson := `[{"name":"color","value":{"key":"crimson","label":"Red"}}]`
		if got := keys(); got[crimson] != 5 {
			t.Fatalf("after the change: %v, want 5 crimson", got)
		}
		newProduct("p6", "crimson")
		_, err = a.UpdateProductType(ctx, c, Ref{ID: typ.ID}, update(typ.Version,
			`{"action":"changeEnumKey","attributeName":"color","key":"crimson","newKey":"scarlet"}`))
		if procura.ErrorCode(err) != procura.CodeInvalidOperation || !strings.Contains(err.Error(), "more than 5 products") {
			t.Fatalf("a change 6 products would follow: %v, want InvalidOperation naming the bound", err)
		}
		if got := keys(); got[crimson] != 6 {
			t.Errorf("after the refused change: %v, want 6 crimson", got)
		}
	})
}
