package web

import (
	"fmt"
	"net/http"
	"strings"
)

// A catalog holds a language's messages by key; a message may take fmt's verbs. English is
// complete; another language is a map of its own in catalogs, and falls back to English for a
// key it lacks (decision 0049).
var catalogs = map[string]map[string]string{"en": english}

// lang is the language a page is written in.
type lang struct {
	Tag  string
	msgs map[string]string
}

// T returns the message of key in the language, formatted with args.
func (l lang) T(key string, args ...any) string {
	m, ok := l.msgs[key]
	if !ok {
		m, ok = english[key]
	}
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(m, args...)
	}
	return m
}

// langOf picks the first language of the request's Accept-Language that has a catalog, else
// English.
func langOf(r *http.Request) lang {
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		tag, _, _ = strings.Cut(strings.ToLower(tag), "-")
		if msgs, ok := catalogs[tag]; ok {
			return lang{Tag: tag, msgs: msgs}
		}
	}
	return lang{Tag: "en", msgs: english}
}

var english = map[string]string{
	"app.name":                "Procura buyer portal",
	"nav.orders":              "Orders",
	"nav.approvals":           "Approvals",
	"nav.security":            "Security",
	"nav.signOut":             "Sign out",
	"nav.skip":                "Skip to content",
	"company.label":           "Company",
	"company.switch":          "Switch",
	"company.none":            "You act for no company.",
	"signIn.title":            "Sign in",
	"signIn.email":            "Email",
	"signIn.password":         "Password",
	"signIn.submit":           "Sign in",
	"signIn.failed":           "The email or password is not right.",
	"signIn.locked":           "Too many failed sign-ins. Please try again in a few minutes.",
	"orders.title":            "Orders",
	"orders.mine":             "My orders",
	"orders.company":          "Company orders",
	"orders.none":             "No orders.",
	"orders.number":           "Order",
	"orders.date":             "Placed",
	"orders.unit":             "Unit",
	"orders.buyer":            "Buyer",
	"orders.total":            "Total",
	"orders.state":            "State",
	"orders.approval":         "Approval",
	"order.title":             "Order %s",
	"order.items":             "Items",
	"order.product":           "Product",
	"order.sku":               "SKU",
	"order.quantity":          "Quantity",
	"order.approvalFlow":      "Approval",
	"order.noApproval":        "This order needs no approval.",
	"approvals.title":         "Approvals awaiting you",
	"approvals.none":          "Nothing awaits your approval.",
	"approvals.order":         "Order",
	"approvals.requested":     "Requested",
	"approvals.approve":       "Approve",
	"approvals.reject":        "Reject",
	"approvals.reason":        "Reason for a rejection",
	"approvals.approved":      "You approved the order.",
	"approvals.rejected":      "You rejected the order.",
	"flow.status":             "Status: %s",
	"flow.rule":               "Rule: %s",
	"flow.tier":               "Tier %d",
	"flow.tierDone":           "approved",
	"flow.tierCurrent":        "awaiting approval",
	"flow.tierLater":          "after the tier before",
	"flow.tierClosed":         "closed",
	"flow.needs":              "needs one of: %s",
	"flow.approvedBy":         "Approved by %s (%s) at %s",
	"flow.rejectedBy":         "Rejected by %s (%s) at %s: %s",
	"flow.you":                "you",
	"flow.colleague":          "a colleague",
	"status.Pending":          "Pending",
	"status.Approved":         "Approved",
	"status.Rejected":         "Rejected",
	"security.title":          "Security",
	"security.sessions":       "Where you are signed in",
	"security.started":        "Signed in",
	"security.lastSeen":       "Last active",
	"security.device":         "Browser",
	"security.address":        "Address",
	"security.current":        "this browser",
	"security.everywhere":     "Sign out everywhere",
	"security.everywhereHelp": "Ends every session of yours, here and in every other browser, and every API token of yours.",
	"error.title":             "Something went wrong",
	"error.back":              "Back to the orders",
	"error.notFound":          "There is no such page.",
	"error.forbidden":         "You may not do this: %s",
	"error.crossSite":         "This request came from another site and was refused.",
	"error.badRequest":        "The request could not be carried out: %s",
	"error.conflict":          "Someone changed this in the meantime. Please reload the page and try again.",
	"error.tooMany":           "Too many attempts. Please try again later.",
	"error.internal":          "An internal error occurred (reference %s). Please try again later.",
}
