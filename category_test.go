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
	now := time.Now()
	tree := categoryTree{}
	add := func(id, parent string) (*Category, error) {
		d := CategoryDraft{Name: LocalizedString{"en": id}, Slug: LocalizedString{"en": "slug-" + id}}
		if parent != "" {
			d.Parent = &ResourceIdentifier{ID: parent}
		}
		c, err := NewCategory(d, tree, id, now)
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
		{Name: LocalizedString{"en": "x"}, Slug: LocalizedString{"en": "x5"}, Assets: []any{map[string]any{"sources": []any{}}}},
	} {
		if _, err := NewCategory(d, tree, "x", now); err == nil {
			t.Errorf("draft %+v accepted", d)
		}
	}
	c2 := tree["c2"]
	for _, target := range []string{"c2", "c5"} { // itself, a descendant
		if err := c2.Apply([]byte(`{"action":"changeParent","parent":{"id":"`+target+`"}}`), tree); ErrorCode(err) != CodeInvalidOperation {
			t.Errorf("move c2 under %s: %v, want InvalidOperation", target, err)
		}
	}
	if err := c2.Apply([]byte(`{"action":"changeParent","parent":{"id":"c0"}}`), tree); err != nil || len(c2.Ancestors) != 1 {
		t.Fatalf("move c2 under c0: %v %+v", err, c2.Ancestors)
	}
	if got := c2.AncestorsOf(tree["c4"]); len(got) != 3 || got[0].ID != "c0" || got[1].ID != "c2" || got[2].ID != "c3" {
		t.Errorf("c4's ancestors after c2 moved: %+v", got)
	}
}
