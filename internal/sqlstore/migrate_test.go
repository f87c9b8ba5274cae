package sqlstore_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/procura/procura"

	"github.com/procura/procura/internal/sqlstore"
	"github.com/procura/procura/internal/sqlstore/sqltest"
	"github.com/procura/procura/internal/store"
)

// TestMigration8Backfills: the documents stored before migration 0008 take their modification
// time and, for the types with a total, their amount from their JSON.
func TestMigration8Backfills(t *testing.T) {
	ctx := context.Background()
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			docs := []struct {
				typ, id, data string
				modified      string
				amount        int64 // -1: none
			}{
				{"order", "o", `{"id":"o","lastModifiedAt":"2026-03-01T10:00:00.000Z","totalPrice":{"type":"centPrecision","currencyCode":"EUR","centAmount":123456,"fractionDigits":2}}`, "2026-03-01T10:00:00.000Z", 123456},
				{"cart", "c", `{"id":"c","lastModifiedAt":"2026-03-02T10:00:00.000Z","totalPrice":{"currencyCode":"EUR","centAmount":0}}`, "2026-03-02T10:00:00.000Z", 0},
				{"quote", "q", `{"id":"q","lastModifiedAt":"2026-03-03T10:00:00.000Z","totalPrice":{"currencyCode":"USD","centAmount":99}}`, "2026-03-03T10:00:00.000Z", 99},
				{"quote-request", "r", `{"id":"r","lastModifiedAt":"2026-03-04T10:00:00.000Z","totalPrice":{"currencyCode":"USD","centAmount":7}}`, "2026-03-04T10:00:00.000Z", 7},
				// Not a type whose total the API queries.
				{"business-unit", "u", `{"id":"u","lastModifiedAt":"2026-03-05T10:00:00.000Z","totalPrice":{"centAmount":5}}`, "2026-03-05T10:00:00.000Z", -1},
				{"staged-quote", "s", `{"id":"s","lastModifiedAt":"2026-03-06T10:00:00.000Z"}`, "2026-03-06T10:00:00.000Z", -1},
				{"generation", "g", `{}`, "", -1},
			}
			stored := make([][3]string, len(docs))
			for i, d := range docs {
				stored[i] = [3]string{d.typ, d.id, d.data}
			}
			db := migratedFrom(t, b, 7, stored)
			_ = db.Read(ctx, func(tx store.Tx) error {
				for _, d := range docs {
					got, err := tx.Docs("p").Get(d.typ, d.id)
					if err != nil {
						t.Fatal(err)
					}
					var amount int64 = -1
					if got.Amount != nil {
						amount = *got.Amount
					}
					if amount != d.amount || got.ModifiedAt != d.modified {
						t.Errorf("%s %s: amount %d modified %q, want %d %q", d.typ, d.id, amount, got.ModifiedAt, d.amount, d.modified)
					}
				}
				return nil
			})
		})
	}
}

// TestSQLitePlans: on SQLite, whether or not the database was analyzed, a company's, a unit's or
// a customer's documents are found through one of their indexes, whatever their state, amount and
// modification-time conditions ask (not through the state's or the modification time's, which
// span the project), and a project's documents in a state, or changed since a time, through the
// state's or the modification time's index; in the page's order unless the filter names several
// units without their company.
func TestSQLitePlans(t *testing.T) {
	ctx := context.Background()
	db := sqltest.Open(t, sqltest.Backend{Name: "sqlite", URL: sqltest.SQLiteURL})
	if err := db.Write(ctx, func(tx store.Tx) error {
		if err := tx.CreateProject(&procura.Project{ID: "p", Key: "p"}); err != nil {
			return err
		}
		for i := range 4000 { // 40 companies of 4 units, 320 customers
			amount := int64(i)
			d := &store.Doc{Type: "order", ID: fmt.Sprint("o", i), Group: fmt.Sprint("c", i%40), Parent: fmt.Sprint("u", i%160),
				Owner: fmt.Sprint("b", i%320), State: []string{"Open", "Complete", "Complete", "Cancelled", "Confirmed"}[i%5], Amount: &amount,
				Version: 1, CreatedAt: fmt.Sprintf("2026-01-01T%02d:%02d:%02d.000Z", i/3600, i/60%60, i%60), ModifiedAt: "2026-02-01T00:00:00.000Z", Data: []byte("{}")}
			if err := tx.Docs("p").Insert(d); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	open := []store.Cond{{Column: store.ColumnState, Op: "in", Values: []string{"Open"}}, {Column: store.ColumnAmount, Op: ">", Numbers: []int64{1000}},
		{Column: store.ColumnModifiedAt, Op: ">", Values: []string{"2026-01-15"}}}
	newest := []store.SortBy{{Column: store.ColumnCreatedAt, Desc: true}}
	const (
		group    = "documents_group_page (project_id=? AND type=? AND grp=?)"
		parent   = "documents_parent_page (project_id=? AND type=? AND parent=?)"
		customer = "documents_customer_page (project_id=? AND type=? AND owner=?)"
	)
	tests := []struct {
		f      store.Filter
		want   []string // any of these
		sorted bool     // the rows are sorted, not read in order
	}{
		// A manager's company orders (every unit of c1), with or without the where= conditions.
		{store.Filter{Group: "c1", Parents: []string{"u1", "u41", "u81", "u121"}, Conds: open, Sort: newest}, []string{group, parent}, true},
		{store.Filter{Group: "c1", States: []string{"Open"}, Parents: []string{"u1", "u41", "u81"}, OwnedParents: []string{"u121"}, Owner: "b1", Sort: newest},
			[]string{group}, false},
		// The seller's orders of one unit, of several, of a customer.
		{store.Filter{Conds: append([]store.Cond{{Column: store.ColumnParent, Op: "in", Values: []string{"u1"}}}, open...), Sort: newest}, []string{parent}, false},
		{store.Filter{Conds: append([]store.Cond{{Column: store.ColumnParent, Op: "in", Values: []string{"u1", "u41"}}}, open...), Sort: newest}, []string{parent}, true},
		{store.Filter{Owner: "b1", Conds: open, Sort: newest}, []string{customer}, false},
		// The project's orders newest first, with or without an amount (sort=createdAt desc named
		// created_at twice in the ORDER BY, and SQLite then sorted every order).
		{store.Filter{Sort: newest}, []string{"documents_created (project_id=? AND type=?)"}, false},
		{store.Filter{Conds: open[1:2], Sort: newest}, []string{"documents_created (project_id=? AND type=?)"}, false},
		// The project's open orders above an amount; what changed since a time.
		{store.Filter{Conds: open[:2], Sort: newest}, []string{"documents_state_page (project_id=? AND type=? AND state=?)"}, false},
		{store.Filter{Conds: open[2:], Sort: []store.SortBy{{Column: store.ColumnModifiedAt}}}, []string{"documents_modified (project_id=? AND type=? AND modified_at>?)"}, false},
	}
	for _, analyzed := range []bool{false, true} {
		if analyzed {
			if err := db.Analyze(ctx); err != nil {
				t.Fatal(err)
			}
		}
		for _, tt := range tests {
			tt.f.Type = "order"
			plan, err := db.QueryPlan(ctx, "p", tt.f)
			if err != nil {
				t.Fatal(err)
			}
			ok := false
			for _, w := range tt.want {
				ok = ok || strings.HasPrefix(plan, "SEARCH documents USING INDEX "+w)
			}
			if !ok || (!tt.sorted && strings.Contains(plan, "TEMP B-TREE FOR ORDER BY")) {
				t.Errorf("analyzed %v, %+v:\n%s\nwant a search of %s (sorted %v)", analyzed, tt.f, plan, tt.want, tt.sorted)
			}
		}
	}
}

// TestMigration10AddsTheReferenceLists: documents stored before migration 0010 get the list
// fields the reference always returns, empty, with the rest of the document as it was; a
// document that has them already keeps its values.
func TestMigration10AddsTheReferenceLists(t *testing.T) {
	ctx := context.Background()
	variant := func(id int) string { return fmt.Sprintf(`{"id":%d,"sku":"S-%d","prices":[],"images":[]}`, id, id) }
	line := func(id string) string { return `{"id":"` + id + `","quantity":2,"variant":` + variant(1) + `}` }
	product := `{"id":"p","masterData":{"current":{"masterVariant":` + variant(1) + `,"variants":[` + variant(2) + `,` + variant(3) + `]},` +
		`"staged":{"masterVariant":` + variant(1) + `,"variants":[]}}}`
	docs := []struct{ typ, id, data, want string }{
		{"customer", "c", `{"id":"c","email":"a@b.c"}`, `{"id":"c","email":"a@b.c","customerGroupAssignments":[]}`},
		{"customer", "c2", `{"id":"c2","customerGroupAssignments":[{"customerGroup":{"typeId":"customer-group","id":"g"}}]}`,
			`{"id":"c2","customerGroupAssignments":[{"customerGroup":{"typeId":"customer-group","id":"g"}}]}`},
		{"store", "s", `{"id":"s","key":"main"}`, `{"id":"s","key":"main","distributionChannels":[],"supplyChannels":[],"productSelections":[]}`},
		{"cart", "k", `{"id":"k","lineItems":[` + line("l1") + `,` + line("l2") + `]}`,
			`{"id":"k","lineItems":[{"id":"l1","quantity":2,"variant":{"id":1,"sku":"S-1","prices":[],"images":[],"assets":[]}},` +
				`{"id":"l2","quantity":2,"variant":{"id":1,"sku":"S-1","prices":[],"images":[],"assets":[]}}]}`},
		{"order", "o", `{"id":"o","lineItems":[]}`, `{"id":"o","lineItems":[]}`},
		{"quote-request", "r", `{"id":"r","lineItems":[` + line("l1") + `]}`,
			`{"id":"r","lineItems":[{"id":"l1","quantity":2,"variant":{"id":1,"sku":"S-1","prices":[],"images":[],"assets":[]}}],"itemShippingAddresses":[]}`},
		{"product", "p", product, `{"id":"p","masterData":{` +
			`"current":{"masterVariant":{"id":1,"sku":"S-1","prices":[],"images":[],"assets":[]},"variants":[` +
			`{"id":2,"sku":"S-2","prices":[],"images":[],"assets":[]},{"id":3,"sku":"S-3","prices":[],"images":[],"assets":[]}],"attributes":[]},` +
			`"staged":{"masterVariant":{"id":1,"sku":"S-1","prices":[],"images":[],"assets":[]},"variants":[],"attributes":[]}}}`},
		{"business-unit", "u", `{"id":"u","stores":[]}`, `{"id":"u","stores":[]}`},
	}
	stored := make([][3]string, len(docs))
	for i, d := range docs {
		stored[i] = [3]string{d.typ, d.id, d.data}
	}
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			db := migratedFrom(t, b, 9, stored)
			_ = db.Read(ctx, func(tx store.Tx) error {
				for _, d := range docs {
					got, err := tx.Docs("p").Get(d.typ, d.id)
					if err != nil {
						t.Fatal(err)
					}
					if !sameJSON(t, got.Data, []byte(d.want)) || got.Version != 1 {
						t.Errorf("%s %s: version %d %s, want version 1 %s", d.typ, d.id, got.Version, got.Data, d.want)
					}
				}
				return nil
			})
		})
	}
}

// TestMigration17EmptiesDecidedFlowsLists: a flow decided before migration 0017 answers its
// approver lists as [], not null; a pending flow keeps its lists.
func TestMigration17EmptiesDecidedFlowsLists(t *testing.T) {
	ctx := context.Background()
	pending := `{"id":"p","status":"Pending","eligibleApprovers":[{"associateRole":{"typeId":"associate-role","key":"boss"}}],"pendingApprovers":[],"currentTierPendingApprovers":[]}`
	docs := []struct{ id, data, want string }{
		{"d", `{"id":"d","status":"Approved","eligibleApprovers":null,"pendingApprovers":null,"currentTierPendingApprovers":null}`,
			`{"id":"d","status":"Approved","eligibleApprovers":[],"pendingApprovers":[],"currentTierPendingApprovers":[]}`},
		{"p", pending, pending},
	}
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			db := migratedFrom(t, b, 16, [][3]string{{"approval-flow", "d", docs[0].data}, {"approval-flow", "p", docs[1].data}})
			_ = db.Read(ctx, func(tx store.Tx) error {
				for _, d := range docs {
					got, err := tx.Docs("p").Get("approval-flow", d.id)
					if err != nil {
						t.Fatal(err)
					}
					if !sameJSON(t, got.Data, []byte(d.want)) {
						t.Errorf("flow %s: %s, want %s", d.id, got.Data, d.want)
					}
				}
				return nil
			})
		})
	}
}

// sameJSON compares two JSON texts by their meaning.
func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatalf("%s: %v", a, err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return reflect.DeepEqual(x, y)
}

// migratedFrom is a database of backend b migrated to version, holding project p with docs
// (type, id, data; version 1) stored then, and migrated to the end.
func migratedFrom(t *testing.T, b sqltest.Backend, version int, docs [][3]string) *sqlstore.DB {
	t.Helper()
	ctx := context.Background()
	db := migratedTo(t, b, version)
	for _, d := range docs {
		if err := db.Exec(ctx, `INSERT INTO documents (project_id, type, id, version, created_at, data) VALUES ('p', ?, ?, 1, '2026-01-01T00:00:00.000Z', ?)`,
			d[0], d[1], d[2]); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

// migratedTo is a database of backend b migrated to version only, holding project p.
func migratedTo(t *testing.T, b sqltest.Backend, version int) *sqlstore.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqlstore.Connect(b.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.MigrateTo(ctx, version); err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(ctx, `INSERT INTO projects (id, key, version, data) VALUES ('p', 'p', 1, '{}')`); err != nil {
		t.Fatal(err)
	}
	return db
}

// Texts stored before migration 16 (on PostgreSQL, the text beside its words) are found after
// it, beside the texts stored since.
func TestMigration16KeepsTheTexts(t *testing.T) {
	ctx := context.Background()
	db := migratedTo(t, sqltest.Backend{Name: "postgres", URL: sqltest.PostgresURL}, 15)
	// as SetTexts wrote them then: each word behind its scope's code
	if err := db.Exec(ctx, `INSERT INTO document_texts (project_id, type, id, lang, body) VALUES ('p', 'product', 'old', 'en', ?)`,
		scopedWords("p", "product", "en", "old drill")); err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	err := db.Write(ctx, func(tx store.Tx) error {
		return tx.Docs("p").SetTexts("product", "new", map[string]string{"en": "new drill"}, nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	for word, want := range map[string][]string{"drill": {"new", "old"}, "old": {"old"}, "new": {"new"}} {
		var got []string
		err := db.Read(ctx, func(tx store.Tx) error {
			ids, _, err := tx.Docs("p").SearchTexts(store.TextSearch{Type: "product", Lang: "en", Query: store.TextQuery{Word: word}, Limit: 10, Unranked: true})
			got = ids
			return err
		})
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("%s: %v %v, want %v", word, got, err, want)
		}
	}
}

// scopedWords writes text's words as the store keeps them: behind the code of their project,
// type and language.
func scopedWords(project, typ, lang, text string) string {
	sum := sha256.Sum256([]byte(project + "\x00" + typ + "\x00" + lang))
	words := strings.Fields(text)
	for i, w := range words {
		words[i] = hex.EncodeToString(sum[:4]) + w
	}
	return strings.Join(words, " ")
}

// Values stored before migration 22 are found by a search of exact conditions after it, which
// PostgreSQL answers from the values alone: the words asked for below are in no text, and
// alternatives and negations of values keep their meaning.
func TestMigration22FindsExactConditionsByValues(t *testing.T) {
	ctx := context.Background()
	db := migratedTo(t, sqltest.Backend{Name: "postgres", URL: sqltest.PostgresURL}, 21)
	// as SetTexts wrote them then
	for _, field := range []string{"categories", "variants.sku", "variants.sku"} {
		if err := db.Exec(ctx, `INSERT INTO document_values (project_id, type, id, field, text) VALUES ('p', 'product', 'old', ?, ?)`,
			field, map[string]string{"categories": "tools", "variants.sku": "S-1"}[field]); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	err := db.Write(ctx, func(tx store.Tx) error {
		return tx.Docs("p").SetTexts("product", "new", map[string]string{"": "zall"},
			[]store.Value{{Field: "categories", Text: "tools"}, {Field: "categories", Text: "saws"}, {Field: "variants.sku", Text: "S-2"}})
	})
	if err != nil {
		t.Fatal(err)
	}
	value := func(field, text string) store.TextQuery {
		return store.TextQuery{Word: "nowhere", Value: &store.Value{Field: field, Text: text}}
	}
	tools, saws, s1 := value("categories", "tools"), value("categories", "saws"), value("variants.sku", "S-1")
	for _, tt := range []struct {
		name  string
		query store.TextQuery
		want  []string
	}{
		{"a category", tools, []string{"new", "old"}},
		{"a SKU held twice, counted once", s1, []string{"old"}},
		{"either of two fields", store.TextQuery{Or: []store.TextQuery{saws, s1}}, []string{"new", "old"}},
		{"one and not the other", store.TextQuery{And: []store.TextQuery{{Not: true, Or: []store.TextQuery{saws}}, tools}}, []string{"old"}},
	} {
		var got []string
		var total int
		err := db.Read(ctx, func(tx store.Tx) error {
			var err error
			got, total, err = tx.Docs("p").SearchTexts(store.TextSearch{Type: "product", Query: tt.query, Limit: 10, Unranked: true})
			return err
		})
		if err != nil || !slices.Equal(got, tt.want) || total != len(tt.want) {
			t.Errorf("%s: %v (%d) %v, want %v", tt.name, got, total, err, tt.want)
		}
	}
}

// Values stored before migration 26 are counted and sorted by category after it, beside values
// written since and those a node of the release before writes after it: on PostgreSQL at once
// (triggers), on SQLite once the store opens again; never stale.
func TestMigration26FillsCategoryValues(t *testing.T) {
	ctx := context.Background()
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			db := migratedTo(t, b, 25)
			exec := func(stmts ...string) {
				t.Helper()
				for _, stmt := range stmts {
					if err := db.Exec(ctx, stmt); err != nil {
						t.Fatal(err)
					}
				}
			}
			// value is the statement a node of the release before inserts a value with.
			value := func(id, field, text string) string {
				return `INSERT INTO document_values (project_id, type, id, field, text) VALUES ('p', 'product', '` + id + `', '` + field + `', '` + text + `')`
			}
			exec(value("old", "color", "red"), value("old", "categories", "tools"),
				value("kept", "categories", "tools"), value("kept", "color", "green"), value("gone", "categories", "tools"))
			if err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			tools := store.Value{Field: "categories", Text: "tools"}
			write := func(id string, values ...store.Value) {
				t.Helper()
				err := db.Write(ctx, func(tx store.Tx) error {
					return tx.Docs("p").SetTexts("product", id, map[string]string{"": "zall"}, values)
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			write("new", tools, store.Value{Field: "color", Text: "blue"})
			write("gone")
			in := store.TextSearch{Type: "product", Query: store.TextQuery{Word: "nowhere", Value: &tools}, Unranked: true, Limit: 10,
				Sort: []store.ValueSort{{Field: "color", Desc: true}}}
			check := func(when string, ids []string, colors ...string) {
				t.Helper()
				err := db.Read(ctx, func(tx store.Tx) error {
					got, total, err := tx.Docs("p").SearchTexts(in)
					if err != nil {
						return err
					}
					if !slices.Equal(got, ids) || total != len(ids) {
						t.Errorf("%s: tools by color: %v (%d), want %v", when, got, total, ids)
					}
					buckets, err := tx.Docs("p").CountValues(in, store.ValueCount{Field: "color", Limit: 10, ByKey: true})
					var want []store.Bucket
					for _, c := range colors {
						want = append(want, store.Bucket{Key: c, Count: 1})
					}
					if err == nil && !slices.Equal(buckets, want) {
						t.Errorf("%s: colors of tools: %v, want %v", when, buckets, want)
					}
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			check("migrated", []string{"old", "kept", "new"}, "blue", "green", "red")
			// A node of the release before replaces a product's values and adds a product, writing
			// no category row.
			exec(`DELETE FROM document_values WHERE project_id = 'p' AND type = 'product' AND id = 'old'`,
				value("old", "color", "white"), value("old", "categories", "tools"),
				value("fresh", "categories", "tools"), value("fresh", "color", "black"))
			if b.Name == "sqlite" {
				check("before the store opens again", []string{"kept", "new"}, "blue", "green")
			}
			if err := db.Migrate(ctx); err != nil { // as the next start does
				t.Fatal(err)
			}
			check("opened again", []string{"old", "kept", "new", "fresh"}, "black", "blue", "green", "white")
		})
	}
}

// On SQLite nothing fires when values are inserted (decision 0057): an INSERT into a table with
// an insert trigger keeps a statement journal, whose closing inside the savepoint of a write of
// many products costs time in the size of the write.
func TestSQLiteValuesFireNothingOnInsert(t *testing.T) {
	ctx := context.Background()
	db := migratedTo(t, sqltest.Backend{Name: "sqlite", URL: sqltest.SQLiteURL}, 26)
	n, err := db.QueryInt(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('document_values', 'category_values') AND sql LIKE '%AFTER INSERT%'`)
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d insert triggers on the values", n)
	}
}
