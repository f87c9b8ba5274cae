package procura

import (
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/procura/procura/internal/refshape"
)

// compatibility lists, per resource, the reference's update-action type and Procura's actions,
// and the reference's draft type with Procura's (nil: created otherwise).
var compatibility = []struct {
	resource, base string
	actions        ActionFields
	draftType      string
	draft          any
}{
	{"Project", "ProjectUpdateAction", projectActions, "", nil},
	{"Customer", "CustomerUpdateAction", customerActions, "CustomerDraft", CustomerDraft{}},
	{"MyCustomer (`/me`)", "MyCustomerUpdateAction", onlyActions(customerActions, myCustomerActions), "MyCustomerDraft", MyCustomerDraft{}},
	{"CustomerGroup", "CustomerGroupUpdateAction", customerGroupActions, "CustomerGroupDraft", CustomerGroupDraft{}},
	{"BusinessUnit", "BusinessUnitUpdateAction", businessUnitActions, "BusinessUnitDraft", BusinessUnitDraft{}},
	{"AssociateRole", "AssociateRoleUpdateAction", associateRoleActions, "AssociateRoleDraft", AssociateRoleDraft{}},
	{"Store", "StoreUpdateAction", storeActions, "StoreDraft", StoreDraft{}},
	{"Type", "TypeUpdateAction", typeActions, "TypeDraft", TypeDraft{}},
	{"Category", "CategoryUpdateAction", categoryActions, "CategoryDraft", CategoryDraft{}},
	{"ProductType", "ProductTypeUpdateAction", productTypeActions, "ProductTypeDraft", ProductTypeDraft{}},
	{"Product", "ProductUpdateAction", productActions, "ProductDraft", ProductDraft{}},
	{"TaxCategory", "TaxCategoryUpdateAction", taxCategoryActions, "TaxCategoryDraft", TaxCategoryDraft{}},
	{"Zone", "ZoneUpdateAction", zoneActions, "ZoneDraft", ZoneDraft{}},
	{"ShippingMethod", "ShippingMethodUpdateAction", shippingMethodActions, "ShippingMethodDraft", ShippingMethodDraft{}},
	{"Cart", "CartUpdateAction", cartActions, "CartDraft", CartDraft{}},
	{"CartDiscount", "CartDiscountUpdateAction", cartDiscountActions, "CartDiscountDraft", CartDiscountDraft{}},
	{"DiscountCode", "DiscountCodeUpdateAction", discountCodeActions, "DiscountCodeDraft", DiscountCodeDraft{}},
	{"DiscountGroup", "DiscountGroupUpdateAction", discountGroupActions, "DiscountGroupDraft", DiscountGroupDraft{}},
	{"Order", "OrderUpdateAction", orderActions, "OrderFromCartDraft", OrderFromCartDraft{}},
	{"QuoteRequest", "QuoteRequestUpdateAction", quoteRequestActions, "QuoteRequestDraft", QuoteRequestDraft{}},
	{"StagedQuote", "StagedQuoteUpdateAction", stagedQuoteActions, "StagedQuoteDraft", StagedQuoteDraft{}},
	{"Quote", "QuoteUpdateAction", quoteActions, "QuoteDraft", QuoteDraft{}},
	{"ShoppingList", "ShoppingListUpdateAction", shoppingListActions, "ShoppingListDraft", ShoppingListDraft{}},
	{"MyShoppingList (`/me`)", "MyShoppingListUpdateAction", onlyActions(shoppingListActions, myShoppingListActions), "MyShoppingListDraft", ShoppingListDraft{}},
	{"RecurrencePolicy", "RecurrencePolicyUpdateAction", recurrencePolicyActions, "RecurrencePolicyDraft", RecurrencePolicyDraft{}},
	{"RecurringOrder", "RecurringOrderUpdateAction", recurringOrderActions, "RecurringOrderDraft", RecurringOrderDraft{}},
	{"ApprovalRule", "ApprovalRuleUpdateAction", approvalRuleActions, "ApprovalRuleDraft", ApprovalRuleDraft{}},
	{"ApprovalFlow", "ApprovalFlowUpdateAction", approvalFlowActions, "", nil},
	{"State", "StateUpdateAction", stateActions, "StateDraft", StateDraft{}},
	{"Subscription", "SubscriptionUpdateAction", subscriptionActions, "SubscriptionDraft", SubscriptionDraft{}},
	{"Payment", "PaymentUpdateAction", paymentActions, "PaymentDraft", PaymentDraft{}},
	{"MyPayment (`/me`)", "MyPaymentUpdateAction", onlyActions(paymentActions, myPaymentActions), "MyPaymentDraft", MyPaymentDraft{}},
}

func onlyActions(all ActionFields, names []string) ActionFields {
	out := ActionFields{}
	for _, n := range names {
		out[n] = all[n]
	}
	return out
}

// TestAPIDocShowsTheCompatibility keeps docs/api.md's compatibility table, the update actions
// Procura supports of those the commercetools API reference defines per resource, true to the
// code and the reference (PROCURA_UPDATE_DOCS=1 rewrites it). An action of the resource's My…
// variant (cancelQuoteRequest of MyQuoteRequest) is the reference's, not an extension.
func TestAPIDocShowsTheCompatibility(t *testing.T) {
	ref, err := refshape.Reference()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("| resource | update actions supported / defined by the reference | not yet | Procura's extensions | draft fields accepted / defined | not yet |\n|---|---|---|---|---|---|\n")
	for _, c := range compatibility {
		var defined, mine []string // the resource's actions, and those of its My… variant
		for _, typ := range ref.Types {
			switch {
			case typ.Value == "":
			case typ.Base == c.base:
				defined = append(defined, typ.Value)
			case typ.Base == "My"+c.base:
				mine = append(mine, typ.Value)
			}
		}
		if len(defined) == 0 {
			t.Fatalf("the reference defines no %s", c.base)
		}
		slices.Sort(defined)
		var missing, extra []string
		supported := 0
		for _, d := range defined {
			if _, ok := c.actions[d]; ok {
				supported++
			} else {
				missing = append(missing, "`"+d+"`")
			}
		}
		for a := range c.actions {
			if !slices.Contains(defined, a) && !slices.Contains(mine, a) {
				extra = append(extra, "`"+a+"`")
			}
		}
		slices.Sort(extra)
		drafts, draftMissing := "—", "—"
		if c.draft != nil {
			fields := draftFields(ref, c.draftType)
			if len(fields) == 0 {
				t.Fatalf("the reference defines no %s", c.draftType)
			}
			accepted := jsonFields(reflect.TypeOf(c.draft)) // what the strict decoder takes
			var lacking []string
			for _, f := range fields {
				if _, ok := accepted[f]; !ok {
					lacking = append(lacking, "`"+f+"`")
				}
			}
			drafts, draftMissing = fmt.Sprintf("%d / %d", len(fields)-len(lacking), len(fields)), orNone(lacking)
		}
		fmt.Fprintf(&b, "| %s | %d / %d | %s | %s | %s | %s |\n", c.resource, supported, len(defined), orNone(missing), orNone(extra), drafts, draftMissing)
	}
	want := b.String()
	const begin, end = "<!-- the compatibility table: generated by TestAPIDocShowsTheCompatibility -->\n", "<!-- end of the compatibility table -->"
	doc, err := os.ReadFile("docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	i, j := strings.Index(string(doc), begin), strings.Index(string(doc), end)
	if i < 0 || j < i {
		t.Fatalf("docs/api.md has no compatibility table between %q and %q", begin, end)
	}
	if got := string(doc[i+len(begin) : j]); got != want {
		if os.Getenv("PROCURA_UPDATE_DOCS") != "" {
			doc = []byte(string(doc[:i+len(begin)]) + want + string(doc[j:]))
			if err := os.WriteFile("docs/api.md", doc, 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Fatalf("docs/api.md shows another compatibility table than the code and the reference; run with PROCURA_UPDATE_DOCS=1. Want:\n%s", want)
	}
}

// draftFields lists the fields of a reference draft type and of its subtypes (a company's and a
// division's draft are business-unit drafts), sorted.
func draftFields(ref *refshape.Types, name string) []string {
	var out []string
	for typName, typ := range ref.Types {
		if typName != name && typ.Base != name {
			continue
		}
		for p := range typ.Props {
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	slices.Sort(out)
	return out
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "—"
	}
	return strings.Join(list, ", ")
}
