package procura

import (
	"net/url"
	"slices"
	"strings"
)

// The kinds of email notification (decision 0038).
const (
	// NotifyApprovalPending: the approvers of an approval tier that has just become current.
	NotifyApprovalPending = "approvalPending"
	// NotifyApprovalApproved and NotifyApprovalRejected: the requester, when the flow is decided.
	NotifyApprovalApproved = "approvalApproved"
	NotifyApprovalRejected = "approvalRejected"
	// NotifyQuoteSent: the buyer, when a quote is made for their request.
	NotifyQuoteSent = "quoteSent"
	// NotifyQuoteExpiring: the buyer, a number of days before a pending quote's validTo.
	NotifyQuoteExpiring = "quoteExpiring"
	// NotifyJoinRequest: the company's admins, when a customer asks to join it.
	NotifyJoinRequest = "joinRequest"
	// NotifyEmailVerification and NotifyPasswordReset: the customer, with a link holding the
	// token, when the project has set the link (setNotificationLink).
	NotifyEmailVerification = "emailVerification"
	NotifyPasswordReset     = "passwordReset"
)

// NotificationKinds lists every kind.
var NotificationKinds = []string{NotifyApprovalPending, NotifyApprovalApproved, NotifyApprovalRejected, NotifyQuoteSent,
	NotifyQuoteExpiring, NotifyJoinRequest, NotifyEmailVerification, NotifyPasswordReset}

// TokenPlaceholder is what a link template holds where the token goes.
const TokenPlaceholder = "{token}"

// DefaultQuoteExpiringDays: how many days before its validTo a buyer hears that a quote expires.
const DefaultQuoteExpiringDays = 3

const maxQuoteExpiringDays = 365

// NotificationSettings (an extension): the kinds turned off, when a quote's expiry is told, the
// links of the token mails, and the project's own templates.
type NotificationSettings struct {
	Disabled          []string `json:"disabled"`
	QuoteExpiringDays int      `json:"quoteExpiringDays"`
	// Links holds, per kind (emailVerification, passwordReset), the URL a token mail links to,
	// with TokenPlaceholder where the token goes.
	Links     map[string]string      `json:"links"`
	Templates []NotificationTemplate `json:"templates"`
}

// Enabled reports whether mails of kind are sent.
func (s NotificationSettings) Enabled(kind string) bool { return !slices.Contains(s.Disabled, kind) }

// Link returns the link of a token mail with the token in it; "" when the project set none.
func (s NotificationSettings) Link(kind, token string) string {
	return strings.ReplaceAll(s.Links[kind], TokenPlaceholder, url.QueryEscape(token))
}

func defaultNotifications(s *NotificationSettings) {
	s.Disabled, s.QuoteExpiringDays, s.Links, s.Templates = []string{}, DefaultQuoteExpiringDays, map[string]string{}, []NotificationTemplate{}
}

// notificationAction holds the fields of the notification actions.
type notificationAction struct {
	Kind              string `json:"kind"`
	QuoteExpiringDays *int   `json:"quoteExpiringDays"`
	URL               string `json:"url"`
	Locale            string `json:"locale"`
	Subject           string `json:"subject"`
	Text              string `json:"text"`
	HTML              string `json:"html"`
}

// notificationActions are the notification settings' update actions and their fields.
var notificationActions = ActionFields{
	"changeNotificationEnabled": {"kind", "enabled"},
	"changeQuoteExpiringDays":   {"quoteExpiringDays"},
	"setNotificationLink":       {"kind", "url"},
	"setNotificationTemplate":   {"kind", "locale", "subject", "text", "html"},
}

// applyNotification applies one of notificationActions.
func (p *Project) applyNotification(name string, enabled *bool, a notificationAction) error {
	s := &p.Notifications
	if name != "changeQuoteExpiringDays" {
		if err := checkOneOf("kind", a.Kind, NotificationKinds...); err != nil {
			return err
		}
	}
	switch name {
	case "changeNotificationEnabled":
		if enabled == nil {
			return RequiredField("enabled")
		}
		s.Disabled = slices.DeleteFunc(s.Disabled, func(k string) bool { return k == a.Kind })
		if !*enabled {
			s.Disabled = append(s.Disabled, a.Kind)
		}
	case "changeQuoteExpiringDays":
		if a.QuoteExpiringDays == nil {
			return RequiredField("quoteExpiringDays")
		}
		if err := checkBetween("quoteExpiringDays", *a.QuoteExpiringDays, 1, maxQuoteExpiringDays); err != nil {
			return err
		}
		s.QuoteExpiringDays = *a.QuoteExpiringDays
	case "setNotificationLink":
		return s.setLink(a.Kind, a.URL)
	case "setNotificationTemplate":
		return s.setTemplate(NotificationTemplate{Kind: a.Kind, Locale: a.Locale, Subject: a.Subject, Text: a.Text, HTML: a.HTML})
	}
	return nil
}

// setLink sets (or with "" removes) a token mail's link: an absolute http or https URL holding
// TokenPlaceholder.
func (s *NotificationSettings) setLink(kind, link string) error {
	if kind != NotifyEmailVerification && kind != NotifyPasswordReset {
		return InvalidField("kind", kind)
	}
	if link == "" {
		delete(s.Links, kind)
		return nil
	}
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || !strings.Contains(link, TokenPlaceholder) {
		e := InvalidField("url", link)
		e.Message = "url must be an absolute http or https URL holding " + TokenPlaceholder + "."
		return e
	}
	if s.Links == nil {
		s.Links = map[string]string{}
	}
	s.Links[kind] = link
	return nil
}

// setTemplate sets the project's template of a kind in a locale, or removes it when subject
// and text are both empty.
func (s *NotificationSettings) setTemplate(t NotificationTemplate) error {
	if err := checkLocale("locale", t.Locale); err != nil {
		return err
	}
	if t.Locale == "" {
		return RequiredField("locale")
	}
	s.Templates = slices.DeleteFunc(s.Templates, func(o NotificationTemplate) bool { return o.Kind == t.Kind && o.Locale == t.Locale })
	if t.Subject == "" && t.Text == "" && t.HTML == "" {
		return nil
	}
	if err := t.check(); err != nil {
		return err
	}
	if len(s.Templates) >= maxTemplates {
		return templateError(t.Kind, "a project keeps at most "+itoa(maxTemplates)+" templates")
	}
	s.Templates = append(s.Templates, t)
	return nil
}
