package procura

import (
	"encoding/json"
	"slices"
	"strconv"
)

// TypeCategory is the type of categories, and of references to them.
const TypeCategory = "category"

// Category groups products for browsing: a tree, each category knowing its ancestors (the
// root first) so that a storefront draws breadcrumbs without further reads.
type Category struct {
	Base
	// moved: an update action gave the category another parent (Moved).
	moved           bool
	Key             string          `json:"key,omitempty"`
	Name            LocalizedString `json:"name"`
	Slug            LocalizedString `json:"slug"`
	Description     LocalizedString `json:"description,omitempty"`
	Ancestors       []Reference     `json:"ancestors"`
	Parent          *Reference      `json:"parent,omitempty"`
	OrderHint       string          `json:"orderHint"`
	ExternalID      string          `json:"externalId,omitempty"`
	MetaTitle       LocalizedString `json:"metaTitle,omitempty"`
	MetaDescription LocalizedString `json:"metaDescription,omitempty"`
	MetaKeywords    LocalizedString `json:"metaKeywords,omitempty"`
	Assets          List[Asset]     `json:"assets"`
	Custom          *CustomFields   `json:"custom,omitempty"`
}

// CategoryDraft creates a category.
type CategoryDraft struct {
	Key             string              `json:"key,omitempty"`
	Name            LocalizedString     `json:"name"`
	Slug            LocalizedString     `json:"slug"`
	Description     LocalizedString     `json:"description,omitempty"`
	Parent          *ResourceIdentifier `json:"parent,omitempty"`
	OrderHint       string              `json:"orderHint,omitempty"`
	ExternalID      string              `json:"externalId,omitempty"`
	MetaTitle       LocalizedString     `json:"metaTitle,omitempty"`
	MetaDescription LocalizedString     `json:"metaDescription,omitempty"`
	MetaKeywords    LocalizedString     `json:"metaKeywords,omitempty"`
	Custom          *CustomFieldsDraft  `json:"custom,omitempty"`
	Assets          []AssetDraft        `json:"assets,omitempty"`
}

// MaxCategoryDepth bounds the levels of the category tree.
const MaxCategoryDepth = 10

// Categories resolves a draft's or an action's parent category.
type Categories interface {
	Category(field string, ri ResourceIdentifier) (*Category, error)
}

// NewCategory validates d and builds the category; c resolves its parent (c.Categories) and
// gives its assets their ids.
func NewCategory(d CategoryDraft, id string, c Change) (*Category, error) {
	if d.Key != "" {
		if err := CheckKey("key", d.Key); err != nil {
			return nil, err
		}
	}
	assets, err := newAssets(d.Assets, c.NewID)
	if err != nil {
		return nil, err
	}
	cat := &Category{Assets: assets, Key: d.Key, Description: d.Description, ExternalID: d.ExternalID, MetaTitle: d.MetaTitle,
		MetaDescription: d.MetaDescription, MetaKeywords: d.MetaKeywords, Ancestors: []Reference{}}
	if err := cat.setName(d.Name); err != nil {
		return nil, err
	}
	if err := cat.setSlug(d.Slug); err != nil {
		return nil, err
	}
	cat.OrderHint = d.OrderHint
	if cat.OrderHint == "" {
		// As in the reference: a category without one sorts by when it was made.
		cat.OrderHint = "0." + strconv.FormatInt(c.Now.UnixMilli(), 10)
	}
	if err := checkOrderHint(cat.OrderHint); err != nil {
		return nil, err
	}
	custom, err := NewCustomFields("custom", d.Custom)
	if err != nil {
		return nil, err
	}
	cat.Custom = custom
	cat.Stamp(id, c.Now)
	if d.Parent != nil {
		if err := cat.moveUnder(d.Parent, c.Categories); err != nil {
			return nil, err
		}
	}
	return cat, nil
}

func (c *Category) setName(name LocalizedString) error {
	if len(name) == 0 {
		return RequiredField("name")
	}
	c.Name = name
	return nil
}

func (c *Category) setSlug(slug LocalizedString) error {
	if err := checkSlug(slug); err != nil {
		return err
	}
	c.Slug = slug
	return nil
}

// checkOrderHint accepts the reference's order hints: a decimal between 0 and 1, "0.5".
func checkOrderHint(hint string) error {
	f, err := strconv.ParseFloat(hint, 64)
	if err != nil || f <= 0 || f >= 1 || len(hint) < 3 || hint[:2] != "0." {
		return InvalidField("orderHint", hint)
	}
	return nil
}

// moveUnder makes the category a child of the category ri names: not itself, not one of its
// descendants, and no deeper than MaxCategoryDepth.
func (c *Category) moveUnder(ri *ResourceIdentifier, l Categories) error {
	c.moved = true
	if ri == nil {
		c.Parent, c.Ancestors = nil, []Reference{}
		return nil
	}
	parent, err := l.Category("parent", *ri)
	if err != nil {
		return err
	}
	if parent.ID == c.ID || slices.ContainsFunc(parent.Ancestors, func(r Reference) bool { return r.ID == c.ID }) {
		return InvalidOperation("The category '%s' cannot move under itself or one of its descendants.", c.ID)
	}
	if len(parent.Ancestors)+2 > MaxCategoryDepth {
		return LimitExceeded("category", "The category tree has at most %d levels.", MaxCategoryDepth)
	}
	c.Parent = &Reference{TypeID: TypeCategory, ID: parent.ID}
	c.Ancestors = append(slices.Clone(parent.Ancestors), *c.Parent)
	return nil
}

// Moved reports whether the category's parent changed since it was read: its products then
// belong to other subtrees.
func (c *Category) Moved() bool { return c.moved }

type categoryAction struct {
	Action          string              `json:"action"`
	Name            json.RawMessage     `json:"name"`
	Slug            LocalizedString     `json:"slug"`
	Description     LocalizedString     `json:"description"`
	Parent          *ResourceIdentifier `json:"parent"`
	OrderHint       string              `json:"orderHint"`
	Key             *string             `json:"key"`
	ExternalID      *string             `json:"externalId"`
	MetaTitle       LocalizedString     `json:"metaTitle"`
	MetaDescription LocalizedString     `json:"metaDescription"`
	MetaKeywords    LocalizedString     `json:"metaKeywords"`
	Type            *ResourceIdentifier `json:"type"`
	Fields          map[string]any      `json:"fields"`
	Value           any                 `json:"value"`
	Position        *int                `json:"position"`
	assetFields
}

// categoryActions are the category update actions and their fields.
var categoryActions = withActions(assetActionFields(), withCustom(ActionFields{
	"changeName": {"name"}, "changeSlug": {"slug"}, "setDescription": {"description"}, "changeParent": {"parent"},
	"changeOrderHint": {"orderHint"}, "setKey": {"key"}, "setExternalId": {"externalId"},
	"setMetaTitle": {"metaTitle"}, "setMetaDescription": {"metaDescription"}, "setMetaKeywords": {"metaKeywords"},
}))

// Apply applies one category update action; ch resolves a new parent (ch.Categories) and gives
// a new asset its id.
func (c *Category) Apply(raw json.RawMessage, ch Change) error {
	var a categoryAction
	if err := DecodeAction(raw, &a, categoryActions); err != nil {
		return err
	}
	if handled, err := applyToAssets(&c.Assets, "the category '"+c.ID+"'", assetAction{assetFields: a.assetFields, Action: a.Action,
		Name: a.Name, Description: a.Description, Position: a.Position, Type: a.Type, Fields: a.Fields, Value: a.Value}, ch.NewID); handled {
		return err
	}
	switch a.Action {
	case "changeName":
		var name LocalizedString
		if err := json.Unmarshal(a.Name, &name); err != nil && len(a.Name) > 0 {
			return InvalidJSON("name: expected a localized string")
		}
		return c.setName(name)
	case "changeSlug":
		return c.setSlug(a.Slug)
	case "setDescription":
		c.Description = a.Description
	case "changeParent":
		if a.Parent == nil {
			return RequiredField("parent")
		}
		return c.moveUnder(a.Parent, ch.Categories)
	case "changeOrderHint":
		if err := checkOrderHint(a.OrderHint); err != nil {
			return err
		}
		c.OrderHint = a.OrderHint
	case "setKey":
		return setKey(&c.Key, a.Key)
	case "setExternalId":
		c.ExternalID = deref(a.ExternalID)
	case "setMetaTitle":
		c.MetaTitle = a.MetaTitle
	case "setMetaDescription":
		c.MetaDescription = a.MetaDescription
	case "setMetaKeywords":
		c.MetaKeywords = a.MetaKeywords
	case "setCustomType", "setCustomField":
		var name string
		_ = json.Unmarshal(a.Name, &name)
		return customAction{Type: a.Type, Fields: a.Fields, Name: name, Value: a.Value}.apply(a.Action, &c.Custom)
	default:
		return UnknownAction(a.Action)
	}
	return nil
}

// AncestorsOf returns the ancestors of a descendant of c after c has moved: c's ancestors, c,
// then those between c and the descendant.
func (c *Category) AncestorsOf(descendant *Category) []Reference {
	i := slices.IndexFunc(descendant.Ancestors, func(r Reference) bool { return r.ID == c.ID })
	out := append(slices.Clone(c.Ancestors), Reference{TypeID: TypeCategory, ID: c.ID})
	return append(out, descendant.Ancestors[i+1:]...)
}
