package procura

import (
	"fmt"
	"slices"
	"strings"
)

// The images and assets of variants, and their product update actions (the asset actions: asset.go).

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
	}
	return applyToAssets(&v.Assets, fmt.Sprintf("the variant %d", v.ID), assetAction{assetFields: a.assetFields, Action: a.Action,
		Name: a.Name, Description: a.Description, Position: a.Position, Type: a.Type, Fields: a.Fields, Value: a.Value}, ids.next)
}
