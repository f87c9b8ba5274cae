package app

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// The values of a published product that its search filters by range, sorts by and counts in
// facets (decision 0022), named by the reference's search fields: key, productType, categories,
// categoriesSubTree (its categories and their ancestors), createdAt, lastModifiedAt, name and slug (per language: "name:en"), and per variant
// variants.sku, variants.key, variants.prices.centAmount, variants.prices.currencyCode,
// variants.prices.country and its attributes (variants.attributes.NAME, with the parts of an
// object value: variants.attributes.color.key, variants.attributes.color.label:en); the
// product's own attributes as attributes.NAME; and "variants", one value per variant, which
// counts them. Each value is also a word of the product's texts (valueWord), which is how exact
// conditions on any of them match.

// fieldVariants has a value per variant: counting its values counts variants.
const fieldVariants = "variants"

// productValues returns the values of a product, in the subtrees of the categories given (its
// categories and their ancestors); nil for a product that is not published.
func productValues(p *procura.Product, subtrees []string) []store.Value {
	if !p.MasterData.Published {
		return nil
	}
	var out []store.Value
	add := func(field string, v any) { out = appendValue(out, field, v) }
	d := &p.MasterData.Current
	if p.Key != "" {
		add("key", p.Key)
	}
	add("productType", p.ProductType.ID)
	add("createdAt", p.CreatedAt)
	add("lastModifiedAt", p.LastModifiedAt)
	for _, c := range d.Categories {
		add("categories", c.ID)
	}
	for _, id := range subtrees {
		add("categoriesSubTree", id)
	}
	for lang, s := range d.Name {
		add("name:"+lang, s)
	}
	for lang, s := range d.Slug {
		add("slug:"+lang, s)
	}
	for _, a := range d.Attributes {
		add("attributes."+a.Name, a.Value)
	}
	for _, v := range d.AllVariants() {
		add(fieldVariants, float64(v.ID))
		if v.SKU != "" {
			add("variants.sku", v.SKU)
		}
		if v.Key != "" {
			add("variants.key", v.Key)
		}
		for _, pr := range v.Prices {
			add("variants.prices.centAmount", float64(pr.Value.CentAmount))
			add("variants.prices.currencyCode", pr.Value.CurrencyCode)
			if pr.Country != "" {
				add("variants.prices.country", pr.Country)
			}
		}
		for _, a := range v.Attributes {
			add("variants.attributes."+a.Name, a.Value)
		}
	}
	return out
}

// appendValue appends the values of a JSON value under field: a string, number or boolean as
// itself; each element of an array; a localized string per language (field:lang); each part of
// another object under field.part.
func appendValue(out []store.Value, field string, v any) []store.Value {
	switch x := v.(type) {
	case string:
		val := store.Value{Field: field, Text: x}
		if n, ok := instant(x); ok {
			val.Num = &n
		}
		return append(out, val)
	case float64:
		return append(out, store.Value{Field: field, Text: number(x), Num: &x})
	case bool:
		return append(out, store.Value{Field: field, Text: strconv.FormatBool(x)})
	case []any:
		for _, e := range x {
			out = appendValue(out, field, e)
		}
	case map[string]any:
		localized := localizedMap(x)
		for k, e := range x {
			if localized {
				out = appendValue(out, field+":"+k, e)
			} else {
				out = appendValue(out, field+"."+k, e)
			}
		}
	case nil:
	default:
		// A typed value (an enum value, money): as its JSON says.
		var generic any
		if data, err := json.Marshal(x); err == nil && json.Unmarshal(data, &generic) == nil {
			out = appendValue(out, field, generic)
		}
	}
	return out
}

// subtreesOf returns the categories whose subtrees a published product is in: its categories
// and their ancestors.
func subtreesOf(l *lookup, p *procura.Product) ([]string, error) {
	if !p.MasterData.Published {
		return nil, nil
	}
	var out []string
	for _, ref := range p.MasterData.Current.Categories {
		c, _, err := categoryKind.load(l, Ref{ID: ref.ID})
		if err != nil {
			return nil, err
		}
		for _, a := range append(slices.Clone(c.Ancestors), procura.Reference{ID: c.ID}) {
			if !slices.Contains(out, a.ID) {
				out = append(out, a.ID)
			}
		}
	}
	return out, nil
}

// number is a number's text as searches name it: 5, 2.5.
func number(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

var languageTag = regexp.MustCompile(`^[a-z]{2}(-[A-Za-z0-9]{2,8})*$`)

// localizedMap reports whether an object is a localized string: language tags to strings.
func localizedMap(m map[string]any) bool {
	if len(m) == 0 {
		return false
	}
	for k, v := range m {
		if _, ok := v.(string); !ok || !languageTag.MatchString(k) {
			return false
		}
	}
	return true
}

// instant reads a date, a time or a date and time as a number that orders them: milliseconds
// since 1970 (of the day, for a time).
func instant(s string) (float64, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02", "15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			if layout == "15:04:05.999999999" {
				t = t.AddDate(1970, 0, 0) // time.Parse puts a time on year 0
			}
			return float64(t.UnixMilli()), true
		}
	}
	return 0, false
}

// valueWord is the word that marks a value of a field: exact conditions look for it. Folded: the
// word of the value in lower case, which case-insensitive conditions look for.
func valueWord(field, text string, folded bool) string {
	mark := "zv"
	if folded {
		mark, text = "zw", strings.ToLower(text)
	}
	sum := sha256.Sum256([]byte(field + "\x00" + text))
	return mark + hex.EncodeToString(sum[:12])
}

// valueWords returns the words of a product's values.
func valueWords(values []store.Value) []string {
	var out []string
	for _, v := range values {
		if v.Field == fieldVariants {
			continue
		}
		out = append(out, valueWord(v.Field, v.Text, false), valueWord(v.Field, v.Text, true))
	}
	return out
}
