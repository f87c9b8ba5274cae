package e2e

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// The category tree as storefronts read it (navigation, breadcrumbs, category pages by slug),
// kept by the seller through the official SDK.
func TestCategories(t *testing.T) {
	ref := reference(t)
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		w := newWorld(t, s)
		create := func(key, slug, hint string, parent *platform.Category) *platform.Category {
			t.Helper()
			d := platform.CategoryDraft{Key: ptr(key), Name: platform.LocalizedString{"en": "Cat " + key}, Slug: platform.LocalizedString{"en": slug}, OrderHint: ptr(hint)}
			if parent != nil {
				d.Parent = &platform.CategoryResourceIdentifier{ID: ptr(parent.ID)}
			}
			c, err := w.c.Categories().Post(d).Execute(ctx)
			if err != nil {
				t.Fatalf("create category %s: %v", key, err)
			}
			return c
		}
		tools := create("tools", "tools", "0.2", nil)
		garden := create("garden", "garden", "0.1", nil)
		saws := create("saws", "saws", "0.5", tools)
		hand := create("hand-saws", "hand-saws", "0.3", saws)
		if len(hand.Ancestors) != 2 || hand.Ancestors[0].ID != tools.ID || hand.Ancestors[1].ID != saws.ID || hand.Parent.ID != saws.ID {
			t.Fatalf("hand saws' ancestors %+v parent %+v", hand.Ancestors, hand.Parent)
		}

		customer := w.login(t, func() string { w.customer(t, "cody"); return "cody" }(), nil).AccessToken
		get := func(path, token string) map[string]any {
			t.Helper()
			r := s.do(t, http.MethodGet, w.path(path), token, nil)
			if r.status != http.StatusOK {
				t.Fatalf("GET %s: %d %s", path, r.status, clip(r.body))
			}
			expectShape(t, ref, "CategoryPagedQueryResponse", "GET "+path, r.body)
			return decodeJSON(t, r.body)
		}
		q := func(kv ...string) string { return "/categories" + query(kv...) }
		for _, c := range []struct {
			what, path string
			want       []string
		}{
			{"by slug", q("where", `slug(en="saws")`), []string{"saws"}},
			{"the children of a category", q("where", `parent(id="`+tools.ID+`")`), []string{"saws"}},
			{"the roots, by order hint", q("where", "parent is not defined", "sort", "orderHint asc"), []string{"garden", "tools"}},
			{"by keys", q("where", `key in ("garden", "hand-saws")`, "sort", "orderHint desc"), []string{"hand-saws", "garden"}},
		} {
			if got := keysInOrder(get(c.path, customer)); !slices.Equal(got, c.want) {
				t.Errorf("%s: %v, want %v", c.what, got, c.want)
			}
		}
		page := get(q("where", `key="hand-saws"`, "expand", "ancestors[*]", "expand", "parent"), w.admin)
		first := page["results"].([]any)[0].(map[string]any)
		if obj, _ := first["parent"].(map[string]any)["obj"].(map[string]any); obj == nil || obj["key"] != "saws" {
			t.Errorf("expand=parent: %v", first["parent"])
		}
		if obj, _ := first["ancestors"].([]any)[0].(map[string]any)["obj"].(map[string]any); obj == nil || obj["key"] != "tools" {
			t.Errorf("expand=ancestors[*]: %v", first["ancestors"])
		}

		// Moving saws under garden moves hand saws along; a move under a descendant is refused.
		moved, err := w.c.Categories().WithId(saws.ID).Post(platform.CategoryUpdate{Version: saws.Version, Actions: []platform.CategoryUpdateAction{
			platform.CategoryChangeParentAction{Parent: platform.CategoryResourceIdentifier{Key: ptr("garden")}}}}).Execute(ctx)
		if err != nil || moved.Parent.ID != garden.ID {
			t.Fatalf("move saws under garden: %v %+v", err, moved)
		}
		hand, err = w.c.Categories().WithKey("hand-saws").Get().Execute(ctx)
		if err != nil || len(hand.Ancestors) != 2 || hand.Ancestors[0].ID != garden.ID || hand.Ancestors[1].ID != saws.ID {
			t.Fatalf("hand saws after the move: %v %+v", err, hand)
		}
		_, err = w.c.Categories().WithId(garden.ID).Post(platform.CategoryUpdate{Version: garden.Version, Actions: []platform.CategoryUpdateAction{
			platform.CategoryChangeParentAction{Parent: platform.CategoryResourceIdentifier{ID: ptr(hand.ID)}}}}).Execute(ctx)
		sdkErr(t, err, http.StatusBadRequest)

		// A slug is one category's per language; a category with children stays.
		_, err = w.c.Categories().Post(platform.CategoryDraft{Name: platform.LocalizedString{"en": "Other saws"}, Slug: platform.LocalizedString{"en": "saws"}}).Execute(ctx)
		sdkErr(t, err, http.StatusBadRequest)
		_, err = w.c.Categories().WithId(garden.ID).Delete().Version(garden.Version).Execute(ctx)
		sdkErr(t, err, http.StatusBadRequest)
		if _, err := w.c.Categories().WithId(hand.ID).Delete().Version(hand.Version).Execute(ctx); err != nil {
			t.Fatalf("delete a leaf: %v", err)
		}

		// Customers read the tree; only a client that manages categories changes it.
		r := s.do(t, http.MethodPost, w.path("/categories"), customer, []byte(`{"name":{"en":"x"},"slug":{"en":"xx"}}`))
		expectError(t, r, http.StatusForbidden)
		viewer := s.scopedSDK(t, "view_categories:"+s.project)
		_, err = viewer.Categories().Post(platform.CategoryDraft{Name: platform.LocalizedString{"en": "x"}, Slug: platform.LocalizedString{"en": "xx"}}).Execute(ctx)
		sdkErr(t, err, http.StatusForbidden)
		if _, err := viewer.Categories().WithId(tools.ID).Get().Execute(ctx); err != nil {
			t.Fatalf("a viewer reads a category: %v", err)
		}
	})
}

// keysInOrder lists the keys of a query answer's results in the answer's order.
func keysInOrder(page map[string]any) []string {
	out := []string{}
	for _, r := range page["results"].([]any) {
		k, _ := r.(map[string]any)["key"].(string)
		out = append(out, k)
	}
	return out
}

// TestCategoryAndProductAssets: a category's assets, through the SDK, with custom fields checked
// against a type for assets as every custom field is; a product variant's assets are checked
// the same way.
func TestCategoryAndProductAssets(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		w := newWorld(t, s)
		types := w.customTypes(t, "asset", "category")
		manual := platform.AssetDraft{Key: ptr("manual"), Name: platform.LocalizedString{"en": "Manual"},
			Sources: []platform.AssetSource{{Uri: "https://files.example/manual.pdf", ContentType: ptr("application/pdf")}},
			Custom:  customDraft("asset-fields", platform.FieldContainer{"tier": "gold"})}
		c, err := w.c.Categories().Post(platform.CategoryDraft{Key: ptr("tools"), Name: platform.LocalizedString{"en": "Tools"},
			Slug: platform.LocalizedString{"en": "tools"}, Assets: []platform.AssetDraft{manual}}).Execute(ctx)
		if err != nil || len(c.Assets) != 1 || c.Assets[0].ID == "" {
			t.Fatalf("a category with an asset: %v %+v", err, c)
		}
		wantCustom(t, "the draft's asset", c.Assets[0].Custom, types["asset-fields"], "gold")
		update := func(actions ...platform.CategoryUpdateAction) (*platform.Category, error) {
			return w.c.Categories().WithId(c.ID).Post(platform.CategoryUpdate{Version: c.Version, Actions: actions}).Execute(ctx)
		}
		c, err = update(
			platform.CategoryAddAssetAction{Position: ptr(0), Asset: platform.AssetDraft{Key: ptr("video"), Name: platform.LocalizedString{"en": "Video"},
				Sources: []platform.AssetSource{{Uri: "https://files.example/video.mp4"}}}},
			platform.CategoryChangeAssetNameAction{AssetKey: ptr("manual"), Name: platform.LocalizedString{"en": "User manual"}},
			platform.CategorySetAssetCustomFieldAction{AssetKey: ptr("manual"), Name: "tier", Value: "silver"},
			platform.CategoryRemoveAssetAction{AssetKey: ptr("video")})
		if err != nil || len(c.Assets) != 1 || c.Assets[0].Name["en"] != "User manual" {
			t.Fatalf("the asset actions: %v %+v", err, c)
		}
		wantCustom(t, "the changed asset", c.Assets[0].Custom, types["asset-fields"], "silver")

		// Custom fields of assets follow their type; a refused action writes nothing.
		for _, bad := range []struct {
			what, code string
			action     platform.CategoryUpdateAction
		}{
			{"a value of the wrong type", "InvalidField", platform.CategorySetAssetCustomFieldAction{AssetKey: ptr("manual"), Name: "tier", Value: "bronze"}},
			{"a type for categories", "InvalidInput", platform.CategorySetAssetCustomTypeAction{AssetKey: ptr("manual"),
				Type: &platform.TypeResourceIdentifier{Key: ptr("category-fields")}, Fields: &platform.FieldContainer{"tier": "gold"}}},
			{"an asset that is not there", "InvalidInput", platform.CategoryRemoveAssetAction{AssetKey: ptr("video")}},
		} {
			_, err := update(bad.action)
			sdkErrCode(t, bad.what, err, http.StatusBadRequest, bad.code)
		}
		if got, _ := w.c.Categories().WithId(c.ID).Get().Execute(ctx); got == nil || got.Version != c.Version {
			t.Errorf("refused actions changed the category: %+v", got)
		}

		// A product variant's assets are checked alike.
		w.apparelType(t)
		tee := w.tee(t)
		_, err = w.c.Products().WithId(tee.ID).Post(platform.ProductUpdate{Version: tee.Version, Actions: []platform.ProductUpdateAction{
			platform.ProductSetAssetCustomTypeAction{VariantId: ptr(1), AssetKey: ptr("care"),
				Type: &platform.TypeResourceIdentifier{Key: ptr("asset-fields")}, Fields: &platform.FieldContainer{"tier": "platinum"}}}}).Execute(ctx)
		sdkErr(t, err, http.StatusBadRequest)
		tee, err = w.c.Products().WithId(tee.ID).Post(platform.ProductUpdate{Version: tee.Version, Actions: []platform.ProductUpdateAction{
			platform.ProductSetAssetCustomTypeAction{VariantId: ptr(1), AssetKey: ptr("care"),
				Type: &platform.TypeResourceIdentifier{Key: ptr("asset-fields")}, Fields: &platform.FieldContainer{"tier": "gold"}}}}).Execute(ctx)
		if err != nil {
			t.Fatalf("a product asset's custom type: %v", err)
		}
		wantCustom(t, "the product's asset", tee.MasterData.Staged.MasterVariant.Assets[0].Custom, types["asset-fields"], "gold")
	})
}
