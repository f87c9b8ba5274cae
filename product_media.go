package procura

import (
	"slices"
	"strings"
)

// The images and assets of variants, and their product update actions.

// Asset is a file of a variant (a manual, a video) in one or more sources.
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

// insertAsset puts a at position among the variant's assets; its key must be new there.
func (v *Variant) insertAsset(a Asset, position int) error {
	if a.Key != "" && slices.ContainsFunc(v.Assets, func(b Asset) bool { return b.Key == a.Key }) {
		return DuplicateField("asset.key", a.Key)
	}
	if position < 0 || position > len(v.Assets) {
		return InvalidField("position", position)
	}
	v.Assets = slices.Insert(v.Assets, position, a)
	return nil
}

// asset finds an asset by id, or by key when no id is given.
func (v *Variant) asset(id, key string) (*Asset, error) {
	for i := range v.Assets {
		if (id != "" && v.Assets[i].ID == id) || (id == "" && key != "" && v.Assets[i].Key == key) {
			return &v.Assets[i], nil
		}
	}
	if id == "" && key == "" {
		return nil, RequiredField("assetId")
	}
	return nil, InvalidInput("The variant %d has no asset '%s'.", v.ID, id+key)
}

// addImage adds an image; its URL must be new in the variant.
func (v *Variant) addImage(img Image) error {
	if img.URL == "" {
		return RequiredField("image.url")
	}
	if !strings.HasPrefix(img.URL, "https://") && !strings.HasPrefix(img.URL, "http://") {
		return InvalidField("image.url", img.URL)
	}
	if img.Dimensions.W <= 0 || img.Dimensions.H <= 0 {
		return InvalidField("image.dimensions", img.Dimensions)
	}
	if v.image(img.URL) >= 0 {
		return DuplicateField("image.url", img.URL)
	}
	v.Images = append(v.Images, img)
	return nil
}

func (v *Variant) image(url string) int {
	return slices.IndexFunc(v.Images, func(i Image) bool { return i.URL == url })
}

// applyToMedia applies an image or asset action to a variant; handled reports whether it was one.
func applyToMedia(v *Variant, a productAction, ids *idList) (handled bool, err error) {
	switch a.Action {
	case "addExternalImage":
		if a.Image == nil {
			return true, RequiredField("image")
		}
		return true, v.addImage(*a.Image)
	case "removeImage", "moveImageToPosition", "setImageLabel":
		i := v.image(a.ImageURL)
		if i < 0 {
			return true, InvalidInput("The variant %d has no image '%s'.", v.ID, a.ImageURL)
		}
		switch a.Action {
		case "removeImage":
			v.Images = slices.Delete(v.Images, i, i+1)
		case "setImageLabel":
			v.Images[i].Label = deref(a.Label)
		default:
			to := deref(a.Position)
			if a.Position == nil || to < 0 || to >= len(v.Images) {
				return true, InvalidField("position", deref(a.Position))
			}
			img := v.Images[i]
			v.Images = slices.Insert(slices.Delete(v.Images, i, i+1), to, img)
		}
		return true, nil
	case "addAsset":
		if a.Asset == nil {
			return true, RequiredField("asset")
		}
		asset, err := newAsset(*a.Asset, ids.next())
		if err != nil {
			return true, err
		}
		position := len(v.Assets)
		if a.Position != nil {
			position = *a.Position
		}
		return true, v.insertAsset(asset, position)
	case "changeAssetOrder":
		return true, v.orderAssets(a.AssetOrder)
	}
	if !strings.Contains(a.Action, "Asset") {
		return false, nil
	}
	key := deref(a.AssetKey)
	asset, err := v.asset(a.AssetID, key)
	if err != nil {
		return true, err
	}
	return true, applyToAsset(v, asset, a)
}

// applyToAsset applies an action on one asset of the variant.
func applyToAsset(v *Variant, asset *Asset, a productAction) error {
	switch a.Action {
	case "removeAsset":
		v.Assets = slices.DeleteFunc(v.Assets, func(b Asset) bool { return b.ID == asset.ID })
	case "changeAssetName":
		name, err := localizedName(a)
		if err != nil || len(name) == 0 {
			return RequiredField("name")
		}
		asset.Name = name
	case "setAssetDescription":
		asset.Description = a.Description
	case "setAssetKey":
		key := deref(a.AssetKey)
		if key != "" && key != asset.Key && slices.ContainsFunc(v.Assets, func(b Asset) bool { return b.Key == key }) {
			return DuplicateField("assetKey", key)
		}
		return setKey(&asset.Key, a.AssetKey)
	case "setAssetSources":
		return asset.setSources(a.Sources)
	case "setAssetTags":
		asset.Tags = slices.Clone(a.Tags)
	case "setAssetCustomType", "setAssetCustomField":
		name, _ := plainName(a)
		return customAction{Type: a.Type, Fields: a.Fields, Name: name, Value: a.Value}.apply(strings.Replace(a.Action, "Asset", "", 1), &asset.Custom)
	default:
		return UnknownAction(a.Action)
	}
	return nil
}

// orderAssets orders the variant's assets by ids, which must name each of them once.
func (v *Variant) orderAssets(ids []string) error {
	order := make(List[Asset], 0, len(ids))
	for _, id := range ids {
		i := slices.IndexFunc(v.Assets, func(b Asset) bool { return b.ID == id })
		if i < 0 || slices.ContainsFunc(order, func(b Asset) bool { return b.ID == id }) {
			return InvalidField("assetOrder", id)
		}
		order = append(order, v.Assets[i])
	}
	if len(order) != len(v.Assets) {
		return InvalidInput("The new order must name each of the %d assets of the variant once.", len(v.Assets))
	}
	v.Assets = order
	return nil
}
