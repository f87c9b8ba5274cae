package procura

import (
	"encoding/json"
	"testing"
)

// shirtWithVariants is a published shirt with a master variant (id 1, S-1, red) and a second
// variant (id 2, S-2, blue).
func shirtWithVariants(t *testing.T) (*Product, *ProductType) {
	t.Helper()
	pt := shirtType(t)
	p, err := newShirt(t, pt, `,"publish":true,"masterVariant":{"sku":"S-1","attributes":[{"name":"color","value":"red"}],
		"prices":[{"value":{"currencyCode":"EUR","centAmount":100}}]},
		"variants":[{"sku":"S-2","attributes":[{"name":"color","value":"blue"}]}]`)
	if err != nil {
		t.Fatal(err)
	}
	return p, pt
}

// actionWorld gives the actions of these tests ids that differ across a test.
var actionWorld = newWorld()

// applyAll applies actions in order, failing the test at the first refused one.
func applyAll(t *testing.T, p *Product, pt *ProductType, actions ...string) {
	t.Helper()
	for _, a := range actions {
		if err := p.Apply(json.RawMessage(a), pt, actionWorld.change()); err != nil {
			t.Fatalf("%s: %v", a, err)
		}
	}
}

// refused applies an action expected to fail to a copy of p (the use case discards a product
// an action failed on), and returns its error.
func refused(p *Product, pt *ProductType, action string) error {
	var c Product
	raw, _ := json.Marshal(p)
	_ = json.Unmarshal(raw, &c)
	return c.Apply(json.RawMessage(action), pt, actionWorld.change())
}

// TestProductVariantActions: variants are added (with the next id, the same in both
// projections), removed, made master, and get SKUs and keys; the master cannot be removed and
// SKUs and attributes stay valid.
func TestProductVariantActions(t *testing.T) {
	p, pt := shirtWithVariants(t)
	applyAll(t, p, pt,
		`{"action":"addVariant","sku":"S-3","key":"v3","staged":false,"attributes":[{"name":"color","value":"red"},{"name":"size","value":"l"}],
			"prices":[{"value":{"currencyCode":"EUR","centAmount":300}}],"images":[{"url":"https://img.example/3.png","dimensions":{"w":10,"h":10}}],
			"assets":[{"name":{"en":"Manual"},"sources":[{"uri":"https://img.example/m.pdf"}]}]}`,
		`{"action":"changeMasterVariant","variantId":3,"staged":false}`,
		`{"action":"removeVariant","id":2,"staged":false}`,
		`{"action":"setSku","variantId":1,"sku":"S-1b","staged":false}`,
		`{"action":"setProductVariantKey","sku":"S-1b","key":"v1","staged":false}`,
	)
	for _, d := range []*ProductData{&p.MasterData.Current, &p.MasterData.Staged} {
		if d.MasterVariant.ID != 3 || len(d.Variants) != 1 || d.Variants[0].ID != 1 || d.Variants[0].SKU != "S-1b" || d.Variants[0].Key != "v1" {
			t.Fatalf("variants %+v %+v", d.MasterVariant, d.Variants)
		}
	}
	if p.MasterData.Current.MasterVariant.Prices[0].ID != p.MasterData.Staged.MasterVariant.Prices[0].ID ||
		p.MasterData.Current.MasterVariant.Assets[0].ID != p.MasterData.Staged.MasterVariant.Assets[0].ID {
		t.Error("the new variant's price and asset have other ids in the two projections")
	}
	applyAll(t, p, pt, `{"action":"addVariant","sku":"S-4","attributes":[{"name":"color","value":"blue"}]}`)
	if v := p.MasterData.Staged.Variant(4, ""); v == nil || p.MasterData.Current.Variant(4, "") != nil {
		t.Error("a staged addVariant did not add variant 4 to the staged data only")
	}
	for _, bad := range []struct{ action, code string }{
		{`{"action":"removeVariant","id":3}`, CodeInvalidOperation},
		{`{"action":"removeVariant","id":9}`, CodeInvalidInput},
		{`{"action":"addVariant","sku":"S-1b","attributes":[{"name":"color","value":"blue"},{"name":"size","value":"m"}]}`, CodeDuplicateField},
		{`{"action":"addVariant","sku":"S-5"}`, CodeRequiredField},
		{`{"action":"addVariant","sku":"S-5","attributes":[{"name":"color","value":"red"},{"name":"size","value":"l"}]}`, CodeDuplicateAttributeValues},
		{`{"action":"setSku","variantId":1,"sku":"has space"}`, CodeInvalidField},
		{`{"action":"setProductVariantKey","variantId":1,"key":"v3"}`, CodeDuplicateField},
		{`{"action":"setAttribute","variantId":1,"name":"brand","value":"Other"}`, CodeInvalidOperation},
		{`{"action":"setAttribute","variantId":1,"name":"color","value":"pink"}`, CodeInvalidField},
		{`{"action":"setAttribute","variantId":1,"name":"color"}`, CodeRequiredField},
		{`{"action":"setProductAttribute","name":"color","value":"red"}`, CodeInvalidOperation},
	} {
		if err := refused(p, pt, bad.action); ErrorCode(err) != bad.code {
			t.Errorf("%s: got %v, want %s", bad.action, err, bad.code)
		}
	}
}

// TestProductAttributeActions: setAttribute, setAttributeInAllVariants and setProductAttribute
// set and remove values in the declared shape, and need a name; revertStagedVariantChanges and
// revertStagedChanges bring the current data back.
func TestProductAttributeActions(t *testing.T) {
	p, pt := shirtWithVariants(t)
	applyAll(t, p, pt,
		`{"action":"setAttributeInAllVariants","name":"brand","value":"Acme"}`,
		`{"action":"setAttribute","sku":"S-2","name":"size","value":"l"}`,
		`{"action":"setProductAttribute","name":"origin","value":"PT","staged":false}`,
	)
	st := p.MasterData.Staged
	if attributeJSON(st.MasterVariant.Attributes, "brand") != `"Acme"` || attributeJSON(st.Variants[0].Attributes, "brand") != `"Acme"` ||
		attributeJSON(st.Variants[0].Attributes, "size") != `{"key":"l","label":{"en":"L"}}` || attributeJSON(p.MasterData.Current.Attributes, "origin") != `"PT"` {
		t.Fatalf("attributes not set: %+v", st)
	}
	if attributeJSON(p.MasterData.Current.MasterVariant.Attributes, "brand") != "" || !p.MasterData.HasStagedChanges {
		t.Error("a staged change reached the current data")
	}
	applyAll(t, p, pt, `{"action":"revertStagedVariantChanges","variantId":2}`)
	if attributeJSON(p.MasterData.Staged.Variants[0].Attributes, "size") != "" {
		t.Error("revertStagedVariantChanges kept the staged size")
	}
	for _, a := range []string{
		`{"action":"setAttribute","variantId":1,"value":"Acme"}`,
		`{"action":"setAttributeInAllVariants","name":"","value":"Acme"}`,
		`{"action":"setProductAttribute","value":"PT"}`,
	} {
		if err := refused(p, pt, a); ErrorCode(err) != CodeRequiredField {
			t.Errorf("%s: got %v, want RequiredField", a, err)
		}
	}
	applyAll(t, p, pt, `{"action":"setAttribute","variantId":1,"name":"brand"}`, `{"action":"revertStagedChanges"}`)
	if p.MasterData.HasStagedChanges || attributeJSON(p.MasterData.Staged.MasterVariant.Attributes, "brand") != "" {
		t.Error("revertStagedChanges left staged changes")
	}
}

// TestProductDataActions: the slug, description, meta fields, search keywords and category order
// hints, staged or in both projections; bad values are refused.
func TestProductDataActions(t *testing.T) {
	p, pt := shirtWithVariants(t)
	applyAll(t, p, pt,
		`{"action":"changeSlug","slug":{"en":"shirt-2"},"staged":false}`,
		`{"action":"setDescription","description":{"en":"A shirt"}}`,
		`{"action":"setMetaTitle","metaTitle":{"en":"T"}}`,
		`{"action":"setMetaDescription","metaDescription":{"en":"D"}}`,
		`{"action":"setMetaKeywords","metaKeywords":{"en":"K"}}`,
		`{"action":"setSearchKeywords","searchKeywords":{"en":[{"text":"linen"}]},"staged":false}`,
		`{"action":"setPriceMode","priceMode":"Embedded"}`,
		`{"action":"publish","scope":"All"}`,
	)
	cur := p.MasterData.Current
	if cur.Slug["en"] != "shirt-2" || cur.Description["en"] != "A shirt" || cur.MetaTitle["en"] != "T" || cur.MetaDescription["en"] != "D" ||
		cur.MetaKeywords["en"] != "K" || p.PriceMode != "Embedded" {
		t.Fatalf("data not set: %+v", cur)
	}
	if kw, _ := json.Marshal(cur.SearchKeywords); string(kw) != `{"en":[{"text":"linen"}]}` {
		t.Errorf("search keywords %s", kw)
	}
	if pr := p.Projection(false, PriceSelection{}); pr.MetaTitle["en"] != "T" || pr.MetaKeywords["en"] != "K" || pr.PriceMode != "Embedded" {
		t.Errorf("the projection lacks the meta fields: %+v", pr)
	}
	for _, draft := range []string{`,"priceMode":"Standalone"`} {
		if _, err := newShirt(t, pt, draft+`,"masterVariant":{"attributes":[{"name":"color","value":"red"}]}`); ErrorCode(err) != CodeInvalidField {
			t.Errorf("a draft with %s: %v, want InvalidField naming the feature", draft, err)
		}
	}
	for _, bad := range []struct{ action, code string }{
		{`{"action":"changeSlug","slug":{"en":"a b"}}`, CodeInvalidField},
		{`{"action":"setSearchKeywords","searchKeywords":{"en":[{"word":"x"}]}}`, CodeInvalidField},
		{`{"action":"setSearchKeywords","searchKeywords":{"en":[{"text":""}]}}`, CodeRequiredField},
		{`{"action":"setCategoryOrderHint","categoryId":"c9","orderHint":"0.5"}`, CodeInvalidOperation},
		{`{"action":"setPriceMode","priceMode":"Standalone"}`, CodeInvalidField},
		{`{"action":"setDiscountedPrice","priceId":"` + cur.MasterVariant.Prices[0].ID + `","discounted":{"value":{"currencyCode":"EUR","centAmount":1}}}`, CodeInvalidField},
		{`{"action":"publish","scope":"Some"}`, CodeInvalidField},
	} {
		err := refused(p, pt, bad.action)
		if ErrorCode(err) != bad.code {
			t.Errorf("%s: got %v, want %s", bad.action, err, bad.code)
		}
	}
}

// TestProductMediaActions: images are added, labelled, moved and removed; assets are added at a
// position, renamed, described, keyed, sourced, tagged, customized, ordered and removed.
func TestProductMediaActions(t *testing.T) {
	p, pt := shirtWithVariants(t)
	img := func(n string) string {
		return `{"url":"https://img.example/` + n + `.png","dimensions":{"w":10,"h":20}}`
	}
	applyAll(t, p, pt,
		`{"action":"addExternalImage","sku":"S-1","image":`+img("a")+`}`,
		`{"action":"addExternalImage","sku":"S-1","image":`+img("b")+`}`,
		`{"action":"setImageLabel","sku":"S-1","imageUrl":"https://img.example/b.png","label":"Back"}`,
		`{"action":"moveImageToPosition","sku":"S-1","imageUrl":"https://img.example/b.png","position":0}`,
		`{"action":"removeImage","sku":"S-1","imageUrl":"https://img.example/a.png"}`,
		`{"action":"addAsset","variantId":1,"asset":{"key":"manual","name":{"en":"Manual"},"sources":[{"uri":"https://img.example/m.pdf"}]}}`,
		`{"action":"addAsset","variantId":1,"position":0,"asset":{"key":"video","name":{"en":"Video"},"sources":[{"uri":"https://img.example/v.mp4"}]}}`,
		`{"action":"changeAssetName","variantId":1,"assetKey":"manual","name":{"en":"User manual"}}`,
		`{"action":"setAssetDescription","variantId":1,"assetKey":"manual","description":{"en":"How to"}}`,
		`{"action":"setAssetSources","variantId":1,"assetKey":"manual","sources":[{"uri":"https://img.example/m2.pdf","contentType":"application/pdf"}]}`,
		`{"action":"setAssetTags","variantId":1,"assetKey":"manual","tags":["docs"]}`,
		`{"action":"setAssetCustomType","variantId":1,"assetKey":"manual","type":{"key":"asset-fields"},"fields":{"pages":12}}`,
		`{"action":"setAssetCustomField","variantId":1,"assetKey":"manual","name":"pages","value":14}`,
	)
	v := p.MasterData.Staged.MasterVariant
	if len(v.Images) != 1 || v.Images[0].Label != "Back" || len(v.Assets) != 2 || v.Assets[0].Key != "video" {
		t.Fatalf("images %+v assets %+v", v.Images, v.Assets)
	}
	m := v.Assets[1]
	if m.Name["en"] != "User manual" || m.Description["en"] != "How to" || m.Sources[0].ContentType != "application/pdf" ||
		m.Tags[0] != "docs" || m.Custom == nil || m.Custom.Fields["pages"] != float64(14) {
		t.Fatalf("asset %+v", m)
	}
	applyAll(t, p, pt,
		`{"action":"changeAssetOrder","variantId":1,"assetOrder":["`+m.ID+`","`+v.Assets[0].ID+`"]}`,
		`{"action":"setAssetKey","variantId":1,"assetId":"`+m.ID+`","assetKey":"guide"}`,
		`{"action":"removeAsset","variantId":1,"assetKey":"video"}`,
	)
	if v := p.MasterData.Staged.MasterVariant; len(v.Assets) != 1 || v.Assets[0].Key != "guide" {
		t.Fatalf("assets after order, key and removal: %+v", v.Assets)
	}
	for _, bad := range []struct{ action, code string }{
		{`{"action":"addExternalImage","sku":"S-1","image":` + img("b") + `}`, CodeDuplicateField},
		{`{"action":"addExternalImage","sku":"S-1","image":{"url":"ftp://x","dimensions":{"w":1,"h":1}}}`, CodeInvalidField},
		{`{"action":"removeImage","sku":"S-1","imageUrl":"https://img.example/z.png"}`, CodeInvalidInput},
		{`{"action":"moveImageToPosition","sku":"S-1","imageUrl":"https://img.example/b.png","position":5}`, CodeInvalidField},
		{`{"action":"addAsset","variantId":1,"asset":{"name":{"en":"X"},"sources":[]}}`, CodeRequiredField},
		{`{"action":"addAsset","variantId":1,"asset":{"key":"guide","name":{"en":"X"},"sources":[{"uri":"u"}]}}`, CodeDuplicateField},
		{`{"action":"removeAsset","variantId":1,"assetId":"nope"}`, CodeInvalidInput},
		{`{"action":"changeAssetOrder","variantId":1,"assetOrder":[]}`, CodeInvalidInput},
		{`{"action":"addAsset","variantId":7,"asset":{"name":{"en":"X"},"sources":[{"uri":"u"}]}}`, CodeInvalidInput},
	} {
		if err := refused(p, pt, bad.action); ErrorCode(err) != bad.code {
			t.Errorf("%s: got %v, want %s", bad.action, err, bad.code)
		}
	}
}

// TestProductPriceActions: setPriceKey, a price's custom fields, and publish with scope Prices,
// which publishes the prices only.
func TestProductPriceActions(t *testing.T) {
	p, pt := shirtWithVariants(t)
	id := p.MasterData.Staged.MasterVariant.Prices[0].ID
	applyAll(t, p, pt,
		`{"action":"setPriceKey","priceId":"`+id+`","key":"list"}`,
		`{"action":"setProductPriceCustomType","priceId":"`+id+`","type":{"key":"price-fields"}}`,
		`{"action":"setProductPriceCustomField","priceId":"`+id+`","name":"note","value":"x"}`,
		`{"action":"changeName","name":{"en":"Unpublished name"}}`,
		`{"action":"publish","scope":"Prices"}`,
	)
	cur := p.MasterData.Current
	if pr := cur.MasterVariant.Prices[0]; pr.Key != "list" || pr.Custom == nil || pr.Custom.Fields["note"] != "x" {
		t.Errorf("published price %+v", pr)
	}
	if cur.Name["en"] != "Shirt" || !p.MasterData.HasStagedChanges {
		t.Error("publishing the prices published the name too")
	}
	if err := refused(p, pt, `{"action":"setPriceKey","priceId":"nope","key":"k"}`); ErrorCode(err) != CodeInvalidInput {
		t.Errorf("setPriceKey of no price: %v", err)
	}
}

// TestPriceScopesAndKeysAreUnique: a variant's prices have distinct keys, and prices of one
// currency and country only if their validity windows do not overlap; the error names the price
// that was there first.
func TestPriceScopesAndKeysAreUnique(t *testing.T) {
	p, pt := shirtWithVariants(t)
	for _, d := range []*ProductData{&p.MasterData.Current, &p.MasterData.Staged} {
		d.MasterVariant.Prices[0].ID = "first" // apart from the ids the actions give
	}
	first := p.MasterData.Staged.MasterVariant.Prices[0]
	eur := func(extra string) string { return `{"value":{"currencyCode":"EUR","centAmount":200}` + extra + `}` }
	applyAll(t, p, pt,
		`{"action":"setPriceKey","priceId":"`+first.ID+`","key":"list"}`,
		`{"action":"addPrice","variantId":1,"price":`+eur(`,"country":"DE","key":"de"`)+`}`,
		`{"action":"setPrices","variantId":2,"prices":[`+eur(`,"validFrom":"2020-01-01T00:00:00Z","validUntil":"2025-01-01T00:00:00Z"`)+`,`+
			eur(`,"validFrom":"2025-01-01T00:00:00Z"`)+`]}`,
	)
	first.Key = "list"
	for _, tc := range []struct{ action, code string }{
		{`{"action":"addPrice","variantId":1,"price":` + eur(``) + `}`, CodeDuplicatePriceScope},
		{`{"action":"addPrice","variantId":1,"price":` + eur(`,"validFrom":"2030-01-01T00:00:00Z"`) + `}`, CodeDuplicatePriceScope},
		{`{"action":"addPrice","variantId":1,"price":` + eur(`,"country":"AT","key":"list"`) + `}`, CodeDuplicatePriceKey},
		{`{"action":"setPrices","variantId":2,"prices":[` + eur(`,"key":"a"`) + `,` + eur(`,"country":"DE","key":"a"`) + `]}`, CodeDuplicatePriceKey},
		{`{"action":"setPrices","variantId":2,"prices":[` + eur(`,"validUntil":"2025-01-01T00:00:00Z"`) + `,` + eur(`,"validFrom":"2024-12-31T00:00:00Z"`) + `]}`, CodeDuplicatePriceScope},
		{`{"action":"setPriceKey","priceId":"` + p.MasterData.Staged.MasterVariant.Prices[1].ID + `","key":"list"}`, CodeDuplicatePriceKey},
		{`{"action":"changePrice","priceId":"` + p.MasterData.Staged.MasterVariant.Prices[1].ID + `","price":` + eur(``) + `}`, CodeDuplicatePriceScope},
		{`{"action":"addVariant","sku":"S-9","prices":[` + eur(``) + `,` + eur(``) + `]}`, CodeDuplicatePriceScope},
	} {
		err := refused(p, pt, tc.action)
		if ErrorCode(err) != tc.code {
			t.Errorf("%s: got %v, want %s", tc.action, err, tc.code)
			continue
		}
		if conflicting, ok := err.(*Error).Fields["conflictingPrice"].(Price); !ok || conflicting.ID == "" {
			t.Errorf("%s: conflictingPrice %v", tc.action, err.(*Error).Fields)
		}
	}
	err := refused(p, pt, `{"action":"addPrice","variantId":1,"price":`+eur(``)+`}`)
	if e, ok := err.(*Error); !ok || e.Fields["conflictingPrice"] != any(first) {
		t.Errorf("the conflicting price is not the first one: %v", err)
	}
}

// anyCategory resolves every category identifier to a category of that id.
type anyCategory struct{}

func (anyCategory) Category(_ string, ri ResourceIdentifier) (*Category, error) {
	return &Category{Base: Base{ID: ri.IDOrKey()}}, nil
}

// TestProductCategoryOrderHints: a draft's categoryOrderHints for its categories, and
// setCategoryOrderHint, which sets and removes a hint of a category the product is in.
func TestProductCategoryOrderHints(t *testing.T) {
	pt := shirtType(t)
	c := actionWorld.change()
	c.Categories = anyCategory{}
	draft := func(hints string) ProductDraft {
		var d ProductDraft
		if err := DecodeJSON([]byte(`{"productType":{"id":"pt-shirt"},"name":{"en":"S"},"slug":{"en":"s1"},"categories":[{"id":"c1"}],
			"categoryOrderHints":`+hints+`,"masterVariant":{"attributes":[{"name":"color","value":"red"}]}}`), &d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	p, err := NewProduct(draft(`{"c1":"0.3"}`), pt, "p1", c)
	if err != nil || p.MasterData.Staged.CategoryOrderHints["c1"] != "0.3" {
		t.Fatalf("a draft's hint: %v %+v", err, p)
	}
	if _, err := NewProduct(draft(`{"c2":"0.3"}`), pt, "p2", c); ErrorCode(err) != CodeInvalidInput {
		t.Errorf("a hint for a category the product is not in: %v", err)
	}
	applyAll(t, p, pt, `{"action":"setCategoryOrderHint","categoryId":"c1","orderHint":"0.5"}`)
	if p.MasterData.Staged.CategoryOrderHints["c1"] != "0.5" {
		t.Errorf("hint %v", p.MasterData.Staged.CategoryOrderHints)
	}
	applyAll(t, p, pt, `{"action":"setCategoryOrderHint","categoryId":"c1"}`)
	if _, ok := p.MasterData.Staged.CategoryOrderHints["c1"]; ok {
		t.Error("an empty hint did not remove the hint")
	}
	if err := refused(p, pt, `{"action":"setCategoryOrderHint","categoryId":"c1","orderHint":"2"}`); ErrorCode(err) != CodeInvalidField {
		t.Errorf("an order hint out of (0, 1): %v", err)
	}
}
