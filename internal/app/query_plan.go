package app

import (
	"encoding/json"
	"math"
	"sort"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
	"github.com/procura/procura/query"
)

// Queries run in the database: the where= conditions and sort= keys on fields that a type's
// indexed columns hold are answered by the store; whatever else a query asks is evaluated on
// at most QueryBudget documents, never on a whole collection (docs/decisions/0011).

// DefaultQueryBudget is how many documents a query may read and test one by one by default.
const DefaultQueryBudget = 10000

// queryColumns names, per type, the fields of where= and sort= that an indexed column holds
// (id, createdAt and lastModifiedAt: every type). The amount is totalPrice.centAmount, compared
// without its currency, as the query language does (decision 0014).
var queryColumns = map[string]map[string]string{
	procura.TypeBusinessUnit: {"key": store.ColumnKey, "parentUnit.key": store.ColumnParent,
		"associates.customer.id":                                store.Referencing(procura.TypeCustomer),
		"associates.associateRoleAssignments.associateRole.key": store.Referencing(procura.TypeAssociateRole)},
	procura.TypeCart: {"key": store.ColumnKey, "customerId": store.ColumnOwner, "businessUnit.key": store.ColumnParent,
		"cartState": store.ColumnState, "totalPrice.centAmount": store.ColumnAmount},
	procura.TypeOrder: {"orderNumber": store.ColumnKey, "customerId": store.ColumnOwner, "businessUnit.key": store.ColumnParent,
		"orderState": store.ColumnState, "totalPrice.centAmount": store.ColumnAmount},
	procura.TypeQuoteRequest: {"key": store.ColumnKey, "customer.id": store.ColumnOwner, "businessUnit.key": store.ColumnParent,
		"quoteRequestState": store.ColumnState, "totalPrice.centAmount": store.ColumnAmount},
	procura.TypeStagedQuote: {"key": store.ColumnKey, "businessUnit.key": store.ColumnParent, "stagedQuoteState": store.ColumnState},
	procura.TypeQuote: {"key": store.ColumnKey, "customer.id": store.ColumnOwner, "businessUnit.key": store.ColumnParent,
		"quoteState": store.ColumnState, "totalPrice.centAmount": store.ColumnAmount},
	procura.TypeShoppingList:  {"key": store.ColumnKey, "customer.id": store.ColumnOwner, "businessUnit.key": store.ColumnParent},
	procura.TypeApprovalRule:  {"businessUnit.key": store.ColumnParent, "status": store.ColumnState},
	procura.TypeApprovalFlow:  {"businessUnit.key": store.ColumnParent, "status": store.ColumnState, "order.id": store.ColumnUnique},
	procura.TypeCustomer:      {"key": store.ColumnKey, "customerGroupAssignments.customerGroup.id": store.Referencing(procura.TypeCustomerGroup)},
	procura.TypeCustomerGroup: {"key": store.ColumnKey},
	procura.TypeJoinRequest:   {"businessUnit.key": store.ColumnParent, "customer.id": store.Referencing(procura.TypeCustomer)},
	procura.TypeAssociateRole: {"key": store.ColumnKey},
	procura.TypeStore:         {"key": store.ColumnKey},
	procura.TypeType:          {"key": store.ColumnKey},
	procura.TypeState:         {"key": store.ColumnKey},
	procura.TypePayment:       {"key": store.ColumnKey, "customer.id": store.ColumnOwner},
	procura.TypeProduct:       {"key": store.ColumnKey},
	procura.TypeProductType:   {"key": store.ColumnKey},
	procura.TypeCategory:      {"key": store.ColumnKey, "parent.id": store.ColumnParent},

	procura.TypeTaxCategory: {"key": store.ColumnKey}, procura.TypeZone: {"key": store.ColumnKey},
	procura.TypeShippingMethod: {"key": store.ColumnKey},

	procura.TypeCartDiscount:  {"key": store.ColumnKey, "sortOrder": store.ColumnUnique},
	procura.TypeDiscountGroup: {"key": store.ColumnKey, "sortOrder": store.ColumnUnique},
	procura.TypeDiscountCode:  {"key": store.ColumnKey, "code": store.ColumnUnique},

	typeMessage: {"resource.id": store.ColumnParent, "resource.typeId": store.ColumnGroup, "type": store.ColumnState,
		"sequenceNumber": store.ColumnAmount},
}

// objectFields hold one object in every type that has them, never an array: a nested predicate's
// conditions on them are planned one by one (totalPrice(currencyCode = "EUR" and centAmount > 100)
// hands the amount to the store and tests the currency in memory).
var objectFields = map[string]bool{"totalPrice": true, "businessUnit": true, "parentUnit": true, "parent": true, "resource": true}

func objectField(path []string) bool { return objectFields[strings.Join(path, ".")] }

// columnOf returns the column that holds a field of typ ("" for none).
func columnOf(typ string, path []string) string {
	field := strings.Join(path, ".")
	switch field {
	case "id":
		return store.ColumnID
	case "createdAt":
		return store.ColumnCreatedAt
	case "lastModifiedAt":
		return store.ColumnModifiedAt
	}
	return queryColumns[typ][field]
}

// storeCond is the store's form of a condition on column, if the column can answer it: text
// columns compare strings, the amount whole numbers.
func storeCond(column string, c query.Cond) (store.Cond, bool) {
	switch {
	case column == "" || (referencing(column) && c.Op != "in"):
		return store.Cond{}, false
	case column == store.ColumnAmount:
		nums, ok := amounts(c.Op, c.Numbers)
		return store.Cond{Column: column, Op: c.Op, Numbers: nums}, ok && c.Numbers != nil
	}
	return store.Cond{Column: column, Op: c.Op, Values: c.Values}, c.Values != nil
}

// amounts turns a condition's numbers into whole amounts that select the same amounts (> 2.5 is
// > 2; = 2.5 selects none); false when a number lies beyond the integers a float64 holds
// exactly, which memory then compares as it always did.
func amounts(op string, nums []float64) ([]int64, bool) {
	out := make([]int64, 0, len(nums))
	for _, n := range nums {
		switch {
		case math.Abs(n) > 1<<53:
			return nil, false
		case n == math.Trunc(n):
			out = append(out, int64(n))
		case op == ">" || op == "<=":
			out = append(out, int64(math.Floor(n)))
		case op == "<" || op == ">=":
			out = append(out, int64(math.Ceil(n)))
		}
	}
	return out, true
}

// referencing reports whether a column selects by references (equality only, no order).
func referencing(column string) bool { return strings.HasPrefix(column, store.Referencing("")) }

// indexedFields lists the fields of typ that queries are answered on from indexes.
func indexedFields(typ string) []string {
	out := []string{"id", "createdAt", "lastModifiedAt"}
	for f := range queryColumns[typ] {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// plan is how a query runs: conditions and order for the store, and what is left to test and
// sort one by one.
type plan struct {
	conds []store.Cond
	rest  []*query.Predicate
	sort  []store.SortBy // the store's order: all of the sort keys, or none of them
	keys  []sortKey      // sort keys the store cannot order by
}

// planFor divides a query's predicates and sort keys between the store and memory.
func planFor(typ string, preds []*query.Predicate, keys []sortKey) plan {
	var p plan
	for _, pred := range preds {
		conds, rest := pred.SplitObjects(func(c query.Cond) bool {
			_, ok := storeCond(columnOf(typ, c.Path), c)
			return ok
		}, objectField)
		for _, c := range conds {
			sc, _ := storeCond(columnOf(typ, c.Path), c)
			p.conds = append(p.conds, sc)
		}
		if rest != nil {
			p.rest = append(p.rest, rest)
		}
	}
	for _, k := range keys {
		column := columnOf(typ, k.path)
		if column == "" || referencing(column) {
			p.sort, p.keys = nil, keys
			break
		}
		p.sort = append(p.sort, store.SortBy{Column: column, Desc: k.desc})
	}
	return p
}

// inStore reports whether the store answers the whole query.
func (p plan) inStore() bool { return len(p.rest) == 0 && len(p.keys) == 0 }

// finder finds the documents a filter selects: store.Docs, or store.Messages.
type finder interface {
	Find(f store.Filter) ([]*store.Doc, int, error)
}

// show turns stored documents into the JSON a response holds (nil: the documents as stored).
type show func([]*store.Doc) ([]json.RawMessage, error)

// findPage pages through the documents f selects that the query matches: in the store when it
// can answer the whole query, else by testing and sorting at most a.QueryBudget of them one by
// one. Either way the results are the JSON show makes, without a round trip through maps
// unless a condition or a sort key must be tested in memory.
func (a *App) findPage(d finder, f store.Filter, q Query, show show) (*Page, error) {
	preds, keys, err := q.compile()
	if err != nil {
		return nil, err
	}
	p := planFor(f.Type, preds, keys)
	f.Conds = append(f.Conds, p.conds...)
	if p.sort != nil {
		f.Sort = p.sort
	}
	if p.inStore() {
		return storePage(d, f, q, show)
	}
	budget := a.QueryBudget
	if budget <= 0 {
		budget = DefaultQueryBudget
	}
	f.Limit = budget + 1
	docs, _, err := d.Find(f)
	if err != nil {
		return nil, err
	}
	if len(docs) > budget {
		return nil, procura.InvalidInput("This query would test more than %d %s documents one by one. Narrow it with a condition on %s, which are answered from indexes.",
			budget, f.Type, strings.Join(indexedFields(f.Type), ", "))
	}
	raws, err := shown(docs, show)
	if err != nil {
		return nil, err
	}
	return memoryPage(raws, p.rest, p.keys, q), nil
}

// storePage is a page the store answers whole.
func storePage(d finder, f store.Filter, q Query, show show) (*Page, error) {
	f.Limit, f.Offset, f.Count, f.CountUpTo = q.Limit, q.Offset, q.WithTotal, q.countUpTo()
	docs, total, err := d.Find(f)
	if err != nil {
		return nil, err
	}
	page := &Page{Limit: q.Limit, Offset: q.Offset, Count: len(docs)}
	if page.raw, err = shown(docs, show); err != nil {
		return nil, err
	}
	if q.WithTotal {
		page.Total = &total
	}
	return page, nil
}

// shown is what show makes of docs: the documents as stored when it is nil.
func shown(docs []*store.Doc, show show) ([]json.RawMessage, error) {
	if show != nil {
		return show(docs)
	}
	out := make([]json.RawMessage, len(docs))
	for i, doc := range docs {
		out[i] = doc.Data
	}
	return out, nil
}

// without returns a show that leaves private fields out of the stored documents.
func without(private ...string) show {
	if len(private) == 0 {
		return nil
	}
	return func(docs []*store.Doc) ([]json.RawMessage, error) {
		out := make([]json.RawMessage, len(docs))
		for i, doc := range docs {
			var err error
			if out[i], err = withoutFields(doc.Data, private...); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
}
