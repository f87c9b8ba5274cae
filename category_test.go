package procura

import (
	"strconv"
	"testing"
	"time"
)

// categoryTree resolves categories by id for the tests.
type categoryTree map[string]*Category

func (t categoryTree) Category(field string, ri ResourceIdentifier) (*Category, error) {
	if c, ok := t[ri.ID]; ok {
		return c, nil
	}
	return nil, ReferencedNotFound(TypeCategory, ri.ID, ri.Key)
}

func TestCategoryDraftsAndMoves(t *testing.T) {
	tree := categoryTree{}
	ch := Change{Now: time.Now(), NewID: func() string { return "new" }, Categories: tree}
	add := func(id, parent string) (*Category, error) {
		d := CategoryDraft{Name: LocalizedString{"en": id}, Slug: LocalizedString{"en": "slug-" + id}}
		if parent != "" {
			d.Parent = &ResourceIdentifier{ID: parent}
		}
		c, err := NewCategory(d, id, ch)
		if err == nil {
			tree[id] = c
		}
		return c, err
	}
	prev := ""
	for i := 0; i < MaxCategoryDepth; i++ {
		id := "c" + strconv.Itoa(i)
		c, err := add(id, prev)
		if err != nil || len(c.Ancestors) != i {
			t.Fatalf("level %d: %v %+v", i, err, c)
		}
		prev = id
	}
	if _, err := add("too-deep", prev); ErrorCode(err) != CodeMaxResourceLimitExceeded {
		t.Errorf("level %d: %v, want MaxResourceLimitExceeded", MaxCategoryDepth+1, err)
	}
	if c := tree["c1"]; c.OrderHint[:2] != "0." {
		t.Errorf("a category without an order hint gets one: %q", c.OrderHint)
	}
	for _, d := range []CategoryDraft{
		{Slug: LocalizedString{"en": "x1"}},
		{Name: LocalizedString{"en": "x"}},
		{Name: LocalizedString{"en": "x"}, Slug: LocalizedString{"en": "not a slug"}},
		{Name: LocalizedString{"en": "x"}, Slug: LocalizedString{"en": "x2"}, OrderHint: "1.5"},
		{Name: LocalizedString{"en": "x"}, Slug: LocalizedString{"en": "x3"}, OrderHint: "high"},
		{Name: LocalizedString{"en": "x"}, Slug: LocalizedString{"en": "x4"}, Parent: &ResourceIdentifier{ID: "nowhere"}},
		{Name: LocalizedString{"en": "x"}, Slug: LocalizedString{"en": "x5"}, Assets: []AssetDraft{{Name: LocalizedString{"en": "a"}}}},
	} {
		if _, err := NewCategory(d, "x", ch); err == nil {
			t.Errorf("draft %+v accepted", d)
		}
	}
	c2 := tree["c2"]
	for _, target := range []string{"c2", "c5"} { // itself, a descendant
		if err := c2.Apply([]byte(`{"action":"changeParent","parent":{"id":"`+target+`"}}`), ch); ErrorCode(err) != CodeInvalidOperation {
			t.Errorf("move c2 under %s: %v, want InvalidOperation", target, err)
		}
	}
	if err := c2.Apply([]byte(`{"action":"changeParent","parent":{"id":"c0"}}`), ch); err != nil || len(c2.Ancestors) != 1 {
		t.Fatalf("move c2 under c0: %v %+v", err, c2.Ancestors)
	}
	if got := c2.AncestorsOf(tree["c4"]); len(got) != 3 || got[0].ID != "c0" || got[1].ID != "c2" || got[2].ID != "c3" {
		t.Errorf("c4's ancestors after c2 moved: %+v", got)
	}
}

// TestCategoryAssets: a category's assets are made by its draft and changed by the asset actions
// it shares with product variants, both ways.
func TestCategoryAssets(t *testing.T) {
	n := 0
	ch := Change{Now: time.Now(), NewID: func() string { n++; return "a" + strconv.Itoa(n) }, Categories: categoryTree{}}
	c, err := NewCategory(CategoryDraft{Name: LocalizedString{"en": "Tools"}, Slug: LocalizedString{"en": "tools"},
		Assets: []AssetDraft{{Key: "manual", Name: LocalizedString{"en": "Manual"}, Sources: []AssetSource{{URI: "https://files.example/m.pdf"}}}}}, "c", ch)
	if err != nil || len(c.Assets) != 1 || c.Assets[0].ID != "a1" {
		t.Fatalf("draft with an asset: %v %+v", err, c)
	}
	for _, action := range []string{
		`{"action":"addAsset","position":0,"asset":{"key":"video","name":{"en":"Video"},"sources":[{"uri":"https://files.example/v.mp4"}]}}`,
		`{"action":"changeAssetName","assetKey":"manual","name":{"en":"User manual"}}`,
		`{"action":"setAssetDescription","assetId":"a1","description":{"en":"How to"}}`,
		`{"action":"setAssetSources","assetKey":"manual","sources":[{"uri":"https://files.example/m2.pdf"}]}`,
		`{"action":"setAssetTags","assetKey":"manual","tags":["docs"]}`,
		`{"action":"setAssetCustomType","assetKey":"manual","type":{"key":"asset-fields"},"fields":{"pages":12}}`,
		`{"action":"setAssetCustomField","assetKey":"manual","name":"pages","value":14}`,
		`{"action":"changeAssetOrder","assetOrder":["a1","a2"]}`,
		`{"action":"setAssetKey","assetId":"a1","assetKey":"guide"}`,
		`{"action":"removeAsset","assetKey":"video"}`,
	} {
		if err := c.Apply([]byte(action), ch); err != nil {
			t.Fatalf("%s: %v", action, err)
		}
	}
	if a := c.Assets; len(a) != 1 || a[0].Key != "guide" || a[0].Name["en"] != "User manual" || a[0].Sources[0].URI != "https://files.example/m2.pdf" ||
		a[0].Tags[0] != "docs" || a[0].Custom == nil || a[0].Custom.Fields["pages"] != float64(14) {
		t.Fatalf("assets after the actions: %+v", c.Assets)
	}
	if s := c.CustomSlots(); len(s) != 1 || s[0].ResourceTypeID != "asset" {
		t.Errorf("the asset's custom fields are checked as an asset's: %+v", s)
	}
	for _, bad := range []struct{ action, code string }{
		{`{"action":"addAsset","asset":{"name":{"en":"X"},"sources":[]}}`, CodeRequiredField},
		{`{"action":"addAsset","asset":{"key":"guide","name":{"en":"X"},"sources":[{"uri":"u"}]}}`, CodeDuplicateField},
		{`{"action":"addAsset","position":5,"asset":{"name":{"en":"X"},"sources":[{"uri":"u"}]}}`, CodeInvalidField},
		{`{"action":"removeAsset","assetId":"nope"}`, CodeInvalidInput},
		{`{"action":"changeAssetName","assetKey":"guide","name":{}}`, CodeRequiredField},
		{`{"action":"changeAssetOrder","assetOrder":[]}`, CodeInvalidInput},
		{`{"action":"removeAsset","variantId":1,"assetKey":"guide"}`, CodeInvalidJSONInput},
	} {
		if err := c.Apply([]byte(bad.action), ch); ErrorCode(err) != bad.code {
			t.Errorf("%s: %v, want %s", bad.action, err, bad.code)
		}
	}
}
