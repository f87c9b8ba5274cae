package app

import (
	"context"
	"encoding/hex"
	"strings"
	"unicode"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// What the product search finds a product by (decision 0018): for each language of its current
// data, the words of its name, description and search keywords, each marked by its field (n, d,
// s); and, in every language and in the text of no language, marks of what exact conditions
// name: its id, key, product type, categories and SKUs. Only published products have texts.

// Field marks of the words of a product's text.
const (
	markName        = "n"
	markDescription = "d"
	markKeywords    = "s"
)

// wordOfEveryProduct is in the texts of every published product: a search without a query
// asks for it.
const wordOfEveryProduct = "zall"

// exactMarks maps the fields an exact condition may name to the mark of their values.
var exactMarks = map[string]string{
	"id": "zi", "key": "zk", "productType": "zy", "categories": "zc", "categoriesSubTree": "zc", "variants.sku": "zu",
}

// exactWord is the word that marks a value of an exact field: the value in hex, so that any
// value is one word of letters and digits.
func exactWord(mark, value string) string { return mark + hex.EncodeToString([]byte(value)) }

// textWords splits text into lower-case words of letters and digits.
func textWords(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// productTexts returns the searchable texts of a product, by language ("" for none), with the
// words of its values (product_values.go); nil for a product that is not published.
func productTexts(p *procura.Product, values []store.Value) map[string]string {
	if !p.MasterData.Published {
		return nil
	}
	d := &p.MasterData.Current
	exact := append([]string{wordOfEveryProduct, exactWord("zi", p.ID), exactWord("zy", p.ProductType.ID)}, valueWords(values)...)
	if p.Key != "" {
		exact = append(exact, exactWord("zk", p.Key))
	}
	for _, c := range d.Categories {
		exact = append(exact, exactWord("zc", c.ID))
	}
	for _, v := range d.AllVariants() {
		if v.SKU != "" {
			exact = append(exact, exactWord("zu", v.SKU))
		}
	}
	texts := map[string][]string{"": exact}
	add := func(mark string, lang, text string) {
		if texts[lang] == nil {
			texts[lang] = append([]string{}, exact...)
		}
		for _, w := range textWords(text) {
			texts[lang] = append(texts[lang], mark+w)
		}
	}
	for lang, s := range d.Name {
		add(markName, lang, s)
	}
	for lang, s := range d.Description {
		add(markDescription, lang, s)
	}
	for lang, kws := range d.SearchKeywords {
		list, _ := kws.([]any)
		for _, kw := range list {
			if m, ok := kw.(map[string]any); ok {
				s, _ := m["text"].(string)
				add(markKeywords, lang, s)
			}
		}
	}
	out := make(map[string]string, len(texts))
	for lang, ws := range texts {
		out[lang] = strings.Join(ws, " ")
	}
	return out
}

// indexProduct keeps a product's texts and values in step with it.
func indexProduct(l *lookup, p *procura.Product) error {
	subtrees, err := subtreesOf(l, p)
	if err != nil {
		return err
	}
	values := productValues(p, subtrees)
	return setSearchTexts(l, p.ID, productTexts(p, values), values)
}

// wordQuery is the condition that a text holds all (or any) of words; prefix says which of them
// need only begin a word of the text.
func wordQuery(words []string, any bool, prefix func(i int) bool) store.TextQuery {
	qs := make([]store.TextQuery, len(words))
	for i, w := range words {
		qs[i] = store.TextQuery{Word: w, Prefix: prefix(i)}
	}
	if any {
		return store.TextQuery{Or: qs}
	}
	return store.TextQuery{And: qs}
}

// IndexProducts gives the published products of projects whose search index is empty, or has
// texts but no values, their texts and values: a database from before the product search (or
// its values), once, at start.
func (a *App) IndexProducts(ctx context.Context) error {
	var keys []string
	if err := a.Store.Read(ctx, func(tx store.Tx) error {
		var err error
		keys, err = tx.ProjectKeys()
		return err
	}); err != nil {
		return err
	}
	for _, key := range keys {
		err := a.write(ctx, Caller{ProjectKey: key}, func(l *lookup) error {
			all := store.TextSearch{Type: procura.TypeProduct, Query: every, Unranked: true}
			_, indexed, err := l.docs.SearchTexts(all)
			if err != nil {
				return err
			}
			if indexed > 0 {
				valued, err := l.docs.StatValues(all, fieldVariants)
				if err != nil || valued.Count > 0 {
					return err
				}
			}
			return eachProduct(l, nil, func(p *procura.Product, _ *store.Doc) error { return indexProduct(l, p) })
		})
		if err != nil {
			return err
		}
	}
	return nil
}
