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
// manage_products) grants view_published_products.
func (s Scopes) Allows(name, project string) bool {
	for _, sc := range s {
		n, p, ok := strings.Cut(sc, ":")
		if !ok || p != project {
			continue
		}
		if n == name || n == "manage_project" {
			return true
		}
		if rest, ok := strings.CutPrefix(name, "view_"); ok && n == "manage_"+rest {
			return true
		}
		if name == "view_published_products" && (n == "view_products" || n == "manage_products") {
			return true
		}
	}
	return false
}

// KnownScopes lists the scope names Procura understands for API clients.
var KnownScopes = []string{
	"manage_project", "view_project_settings", "manage_project_settings",
	"view_business_units", "manage_business_units", "manage_my_business_units",
	"view_associate_roles", "manage_associate_roles",
	"view_customers", "manage_customers", "manage_my_profile", "view_customer_groups", "manage_customer_groups",
	"view_stores", "manage_stores", "view_types", "manage_types",
	"view_orders", "manage_orders", "manage_my_orders",
	"view_approval_rules", "manage_approval_rules", "view_approval_flows", "manage_approval_flows",
	"view_quote_requests", "manage_quote_requests", "manage_my_quote_requests",
	"view_staged_quotes", "manage_staged_quotes", "view_quotes", "manage_quotes", "manage_my_quotes",
	"view_products", "manage_products", "view_published_products", "view_categories", "manage_categories",
	"introspect_oauth_tokens", "create_anonymous_token",
}

func knownScope(name string) bool {
	for _, k := range KnownScopes {
		if k == name {
			return true
		}
	}
	return false
}
