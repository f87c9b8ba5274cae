package app

import "strings"

// Scopes are the OAuth scopes of a token, each "name:projectKey" (or an identity such as
// "customer_id:ID").
type Scopes []string

// ParseScopes splits a space-separated scope string.
func ParseScopes(s string) Scopes { return strings.Fields(s) }

func (s Scopes) String() string { return strings.Join(s, " ") }

// Allows reports whether the scopes grant name (e.g. "view_business_units") in project key:
// manage_project grants everything, manage_X grants view_X, and view_products (so
// manage_products) grants view_published_products. A store-scoped scope grants nothing here: it
// reaches only the in-store paths of its store (AllowsInStore).
func (s Scopes) Allows(name, project string) bool {
	for _, sc := range s {
		n, p, ok := strings.Cut(sc, ":")
		if ok && p == project && grants(n, name) {
			return true
		}
	}
	return false
}

// AllowsInStore reports whether the scopes grant name on the in-store paths of store in project:
// the project-wide scope reaches every store, a store-scoped one ("name:project:store") its own.
func (s Scopes) AllowsInStore(name, project, store string) bool {
	if s.Allows(name, project) {
		return true
	}
	for _, sc := range s {
		n, rest, _ := strings.Cut(sc, ":")
		if p, st, ok := strings.Cut(rest, ":"); ok && p == project && st == store && storeScoped(n) && grants(n, name) {
			return true
		}
	}
	return false
}

// grants reports whether the scope name held grants the scope name asked.
func grants(held, asked string) bool {
	if held == asked || held == "manage_project" {
		return true
	}
	if rest, ok := strings.CutPrefix(asked, "view_"); ok && held == "manage_"+rest {
		return true
	}
	if asked == ScopeSupportCustomers && held == "manage_customers" {
		return true
	}
	return asked == "view_published_products" && (held == "view_products" || held == "manage_products")
}

// StoreScopes are the scope names that have a store-scoped form, "name:project:storeKey", as in
// the reference (no approvals, roles, my business units, my quotes or my quote requests).
var StoreScopes = []string{
	"view_customers", "manage_customers", "manage_my_profile",
	"view_orders", "manage_orders", "manage_my_orders",
	"view_business_units", "manage_business_units",
	"view_quote_requests", "manage_quote_requests", "view_staged_quotes", "manage_staged_quotes",
	"view_quotes", "manage_quotes",
	"view_shopping_lists", "manage_shopping_lists", "manage_my_shopping_lists",
	"view_cart_discounts", "manage_cart_discounts",
}

func storeScoped(name string) bool { return contains(StoreScopes, name) }

// scopeParts splits a scope into its name, project and store ("" for a project-wide scope).
func scopeParts(s string) (name, project, store string) {
	name, rest, _ := strings.Cut(s, ":")
	project, store, _ = strings.Cut(rest, ":")
	return name, project, store
}

// KnownScopes lists the scope names Procura understands for API clients.
var KnownScopes = []string{
	"manage_project", "view_project_settings", "manage_project_settings",
	"view_business_units", "manage_business_units", "manage_my_business_units",
	"view_associate_roles", "manage_associate_roles",
	"view_customers", "manage_customers", "manage_my_profile", "view_customer_groups", "manage_customer_groups",
	"view_stores", "manage_stores", "view_types", "manage_types", "view_states", "manage_states",
	"view_payments", "manage_payments", "manage_my_payments",
	"view_orders", "manage_orders", "manage_my_orders",
	"view_approval_rules", "manage_approval_rules", "view_approval_flows", "manage_approval_flows",
	"view_quote_requests", "manage_quote_requests", "manage_my_quote_requests",
	"view_staged_quotes", "manage_staged_quotes", "view_quotes", "manage_quotes", "manage_my_quotes",
	"view_shopping_lists", "manage_shopping_lists", "manage_my_shopping_lists",
	"view_products", "manage_products", "view_published_products", "view_categories", "manage_categories",
	"introspect_oauth_tokens", "create_anonymous_token",
	"view_tax_categories", "manage_tax_categories", "view_shipping_methods", "manage_shipping_methods",
	"view_cart_discounts", "manage_cart_discounts", "view_discount_codes", "manage_discount_codes",
	"view_recurring_orders", "manage_recurring_orders", "view_subscriptions", "manage_subscriptions",
	"view_audit_log", // the change history, a Procura extension
	"view_messages",
}

func knownScope(name string) bool {
	for _, k := range KnownScopes {
		if k == name {
			return true
		}
	}
	return false
}
