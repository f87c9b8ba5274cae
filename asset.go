package procura

import (
	"encoding/json"
	"slices"
	"strings"
)

// Assets are files (a manual, a video) in one or more sources. Categories and product variants
// hold them, and share their update actions: addAsset, removeAsset, changeAssetName,
// changeAssetOrder, setAssetDescription, setAssetKey, setAssetSources, setAssetTags,
// setAssetCustomType and setAssetCustomField.

// Asset is a file in one or more sources.
type Asset struct {
	ID          string            `json:"id"`
	Key         string            `json:"key,omitempty"`
	Name        LocalizedString   `json:"name"`
	Description LocalizedString   `json:"description,omitempty"`
	Sources     List[AssetSource] `json:"sources"`
	Tags        List[string]      `json:"tags,omitempty"`
	Custom      *CustomFields     `json:"custom,omitempty"`
}

// AssetSource is where one form of an asset is.
type AssetSource struct {
	URI         string           `json:"uri"`
	Key         string           `json:"key,omitempty"`
	Dimensions  *ImageDimensions `json:"dimensions,omitempty"`
	ContentType string           `json:"contentType,omitempty"`
}

// AssetDraft adds an asset.
type AssetDraft struct {
	Key         string             `json:"key,omitempty"`
	Name        LocalizedString    `json:"name"`
	Description LocalizedString    `json:"description,omitempty"`
	Sources     []AssetSource      `json:"sources"`
	Tags        []string           `json:"tags,omitempty"`
	Custom      *CustomFieldsDraft `json:"custom,omitempty"`
}

func newAsset(d AssetDraft, id string) (Asset, error) {
	a := Asset{ID: id, Key: d.Key, Name: d.Name, Description: d.Description, Tags: d.Tags}
	if len(d.Name) == 0 {
		return a, RequiredField("asset.name")
	}
	if d.Key != "" {
		if err := CheckKey("asset.key", d.Key); err != nil {
			return a, err
		}
	}
	if err := a.setSources(d.Sources); err != nil {
		return a, err
	}
	custom, err := NewCustomFields("asset.custom", d.Custom)
	a.Custom = custom
	return a, err
}

// newAssets builds the assets of a draft, each key at most once.
func newAssets(drafts []AssetDraft, newID func() string) (List[Asset], error) {
	var out List[Asset]
	for _, d := range drafts {
		a, err := newAsset(d, newID())
		if err != nil {
			return nil, err
		}
		if err := insertAsset(&out, a, len(out)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (a *Asset) setSources(sources []AssetSource) error {
	if len(sources) == 0 {
		return RequiredField("sources")
	}
	for _, s := range sources {
		if s.URI == "" {
			return RequiredField("sources.uri")
		}
	}
	a.Sources = slices.Clone(sources)
	return nil
}

// insertAsset puts a at position among the assets; its key must be new there.
func insertAsset(assets *List[Asset], a Asset, position int) error {
	if a.Key != "" && slices.ContainsFunc(*assets, func(b Asset) bool { return b.Key == a.Key }) {
		return DuplicateField("asset.key", a.Key)
	}
	if position < 0 || position > len(*assets) {
		return InvalidField("position", position)
	}
	*assets = slices.Insert(*assets, position, a)
	return nil
}

// assetFields are the fields only the asset actions have; a resource's action payload embeds them.
type assetFields struct {
	Asset      *AssetDraft   `json:"asset"`
	AssetID    string        `json:"assetId"`
	AssetKey   *string       `json:"assetKey"`
	AssetOrder []string      `json:"assetOrder"`
	Sources    []AssetSource `json:"sources"`
	Tags       []string      `json:"tags"`
}

// assetAction is one asset action with the fields it shares with a resource's other actions.
type assetAction struct {
	assetFields
	Action      string
	Name        json.RawMessage
	Description LocalizedString
	Position    *int
	Type        *ResourceIdentifier
	Fields      map[string]any
	Value       any
}

// assetActionFields returns the asset actions with the fields each takes, plus extra (the
// fields that name the asset's owner, as a product's variantId).
func assetActionFields(extra ...string) ActionFields {
	with := func(fields ...string) []string { return append(slices.Clone(extra), fields...) }
	one := func(fields ...string) []string { return with(append([]string{"assetId", "assetKey"}, fields...)...) }
	return ActionFields{
		"addAsset":            with("asset", "position"),
		"removeAsset":         one(),
		"changeAssetName":     one("name"),
		"changeAssetOrder":    with("assetOrder"),
		"setAssetDescription": one("description"),
		"setAssetKey":         one(),
		"setAssetSources":     one("sources"),
		"setAssetTags":        one("tags"),
		"setAssetCustomType":  one("type", "fields"),
		"setAssetCustomField": one("name", "value"),
	}
}

// applyToAssets applies an asset action to the assets of owner (named in errors); handled
// reports whether it was one. newID gives a new asset its id.
func applyToAssets(assets *List[Asset], owner string, a assetAction, newID func() string) (handled bool, err error) {
	switch a.Action {
	case "addAsset":
		if a.Asset == nil {
			return true, RequiredField("asset")
		}
		asset, err := newAsset(*a.Asset, newID())
		if err != nil {
			return true, err
		}
		position := len(*assets)
		if a.Position != nil {
			position = *a.Position
		}
		return true, insertAsset(assets, asset, position)
	case "changeAssetOrder":
		return true, orderAssets(assets, owner, a.AssetOrder)
	}
	if !strings.Contains(a.Action, "Asset") {
		return false, nil
	}
	asset, err := findAsset(*assets, owner, a.AssetID, deref(a.AssetKey))
	if err != nil {
		return true, err
	}
	return true, applyToAsset(assets, asset, a)
}

// findAsset finds an asset by id, or by key when no id is given.
func findAsset(assets List[Asset], owner, id, key string) (*Asset, error) {
	for i := range assets {
		if (id != "" && assets[i].ID == id) || (id == "" && key != "" && assets[i].Key == key) {
			return &assets[i], nil
		}
	}
	if id == "" && key == "" {
		return nil, RequiredField("assetId")
	}
	return nil, InvalidInput("The asset '%s' is not one of %s.", id+key, owner)
}

// applyToAsset applies an action on one asset of the list.
func applyToAsset(assets *List[Asset], asset *Asset, a assetAction) error {
	switch a.Action {
	case "removeAsset":
		*assets = slices.DeleteFunc(*assets, func(b Asset) bool { return b.ID == asset.ID })
	case "changeAssetName":
		var name LocalizedString
		if len(a.Name) > 0 {
			if err := DecodeJSON(a.Name, &name); err != nil {
				return err
			}
		}
		if len(name) == 0 {
			return RequiredField("name")
		}
		asset.Name = name
	case "setAssetDescription":
		asset.Description = a.Description
	case "setAssetKey":
		key := deref(a.AssetKey)
		if key != "" && key != asset.Key && slices.ContainsFunc(*assets, func(b Asset) bool { return b.Key == key }) {
			return DuplicateField("assetKey", key)
		}
		return setKey(&asset.Key, a.AssetKey)
	case "setAssetSources":
		return asset.setSources(a.Sources)
	case "setAssetTags":
		asset.Tags = slices.Clone(a.Tags)
	case "setAssetCustomType", "setAssetCustomField":
		var name string
		if a.Action == "setAssetCustomField" && (len(a.Name) == 0 || DecodeJSON(a.Name, &name) != nil || name == "") {
			return RequiredField("name")
		}
		return customAction{Type: a.Type, Fields: a.Fields, Name: name, Value: a.Value}.apply(strings.Replace(a.Action, "Asset", "", 1), &asset.Custom)
	default:
		return UnknownAction(a.Action)
	}
	return nil
}

// orderAssets orders the assets of owner by ids, which must name each of them once.
func orderAssets(assets *List[Asset], owner string, ids []string) error {
	order := make(List[Asset], 0, len(ids))
	for _, id := range ids {
		i := slices.IndexFunc(*assets, func(b Asset) bool { return b.ID == id })
		if i < 0 || slices.ContainsFunc(order, func(b Asset) bool { return b.ID == id }) {
			return InvalidField("assetOrder", id)
		}
		order = append(order, (*assets)[i])
	}
	if len(order) != len(*assets) {
		return InvalidInput("The new order must name each of the %d assets of %s once.", len(*assets), owner)
	}
	*assets = order
	return nil
}

// assetSlots returns the slots of the assets' custom fields.
func assetSlots(field string, assets []Asset) []CustomSlot {
	var out []CustomSlot
	for i := range assets {
		out = append(out, slot(field, "asset", assets[i].Custom)...)
	}
	return out
}
