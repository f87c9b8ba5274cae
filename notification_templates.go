package procura

import (
	htmltemplate "html/template"
	"slices"
	"strings"
	texttemplate "text/template"
	"text/template/parse"
)

// NotificationTemplate is a mail of one kind in one locale: its subject and plain text (Go
// text/template) and, optionally, its HTML (Go html/template; without one, the HTML is the text
// in paragraphs). Each executes over a NotificationData.
type NotificationTemplate struct {
	Kind    string `json:"kind"`
	Locale  string `json:"locale"`
	Subject string `json:"subject"`
	Text    string `json:"text"`
	HTML    string `json:"html,omitempty"`
}

// NotificationData is what a template may show. Fields a kind has no value for are empty.
type NotificationData struct {
	Project     string // the project's name
	Name        string // the recipient's name (or email)
	Email       string // the recipient's email
	Unit        string // the business unit's name (approvals, join requests)
	OrderNumber string // the order's number, else its id
	OrderID     string
	Total       string // the order's or quote's total, "1,250.00 USD"
	Reason      string // why a flow was rejected
	QuoteID     string
	ValidTo     string // the quote's validTo
	Requester   string // the email of the customer asking to join
	Link        string // the token mail's link
	ExpiresAt   string // when the token runs out
}

// defaultTemplates are the built-in mails, in English.
var defaultTemplates = map[string]NotificationTemplate{
	NotifyApprovalPending: {Subject: "Order {{.OrderNumber}} awaits your approval",
		Text: "Hello {{.Name}},\n\norder {{.OrderNumber}} of {{.Unit}} ({{.Total}}) awaits your approval.\n\n{{.Project}}"},
	NotifyApprovalApproved: {Subject: "Order {{.OrderNumber}} is approved",
		Text: "Hello {{.Name}},\n\nyour order {{.OrderNumber}} ({{.Total}}) is approved.\n\n{{.Project}}"},
	NotifyApprovalRejected: {Subject: "Order {{.OrderNumber}} is rejected",
		Text: "Hello {{.Name}},\n\nyour order {{.OrderNumber}} ({{.Total}}) is rejected.{{if .Reason}}\n\nReason: {{.Reason}}{{end}}\n\n{{.Project}}"},
	NotifyQuoteSent: {Subject: "Your quote is ready",
		Text: "Hello {{.Name}},\n\na quote of {{.Total}} is ready for your request{{if .ValidTo}}, valid until {{.ValidTo}}{{end}}.\n\n{{.Project}}"},
	NotifyQuoteExpiring: {Subject: "Your quote expires soon",
		Text: "Hello {{.Name}},\n\nyour quote of {{.Total}} is valid until {{.ValidTo}}.\n\n{{.Project}}"},
	NotifyJoinRequest: {Subject: "{{.Requester}} asks to join {{.Unit}}",
		Text: "Hello {{.Name}},\n\n{{.Requester}} asks to join {{.Unit}}. Accept or decline the request among the company's join requests.\n\n{{.Project}}"},
	NotifyEmailVerification: {Subject: "Confirm your email address",
		Text: "Hello {{.Name}},\n\nconfirm your email address at this link, valid until {{.ExpiresAt}}:\n{{.Link}}\n\n{{.Project}}"},
	NotifyPasswordReset: {Subject: "Reset your password",
		Text: "Hello {{.Name}},\n\nset a new password at this link, valid until {{.ExpiresAt}}:\n{{.Link}}\n\nIf you did not ask for it, ignore this mail.\n\n{{.Project}}"},
}

// paragraphs is the HTML of a mail without an HTML template: its text, a paragraph per block,
// the line that is the link a link.
var paragraphs = htmltemplate.Must(htmltemplate.New("html").Parse(`<!DOCTYPE html><html><body>{{range .Blocks}}<p>` +
	`{{range $i, $l := .}}{{if $i}}<br>{{end}}{{if and $.Link (eq $l $.Link)}}<a href="{{$l}}">{{$l}}</a>{{else}}{{$l}}{{end}}{{end}}` +
	`</p>{{end}}</body></html>`))

// Template returns the project's template of kind for locale (exactly, then its
// language alone), else the built-in one.
func (s NotificationSettings) Template(kind, locale string) NotificationTemplate {
	lang, _, _ := strings.Cut(locale, "-")
	for _, want := range []string{locale, lang} {
		for _, t := range s.Templates {
			if t.Kind == kind && strings.EqualFold(t.Locale, want) {
				return t
			}
		}
	}
	t := defaultTemplates[kind]
	t.Kind, t.Locale = kind, "en"
	return t
}

// Render executes the template over d: the subject (on one line), the text and the HTML.
func (t NotificationTemplate) Render(d NotificationData) (subject, text, html string, err error) {
	if subject, err = execText(t.Subject, d); err != nil {
		return "", "", "", err
	}
	subject = strings.Join(strings.Fields(subject), " ")
	if text, err = execText(t.Text, d); err != nil {
		return "", "", "", err
	}
	var b strings.Builder
	if t.HTML == "" {
		var blocks [][]string
		for _, p := range strings.Split(text, "\n\n") {
			blocks = append(blocks, strings.Split(p, "\n"))
		}
		err = paragraphs.Execute(&b, struct {
			Blocks [][]string
			Link   string
		}{blocks, d.Link})
	} else {
		var ht *htmltemplate.Template
		if ht, err = htmltemplate.New("html").Parse(t.HTML); err == nil {
			err = ht.Execute(&b, d)
		}
	}
	return subject, text, b.String(), err
}

func execText(src string, d NotificationData) (string, error) {
	t, err := texttemplate.New("text").Parse(src)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	err = t.Execute(&b, d)
	return b.String(), err
}

// Bounds of a project's templates: each of its texts, and how many a project keeps.
const (
	maxTemplateBytes = 16 << 10
	maxTemplates     = 100
)

// check refuses a template that does not parse, loops or calls templates (the data have nothing
// to loop over, and without them rendering costs no more than the template's length), is too
// long, or names what NotificationData lacks.
func (t NotificationTemplate) check() error {
	if t.Subject == "" {
		return RequiredField("subject")
	}
	if t.Text == "" {
		return RequiredField("text")
	}
	for _, src := range []string{t.Subject, t.Text, t.HTML} {
		if len(src) > maxTemplateBytes {
			return templateError(t.Kind, "each of subject, text and html has at most "+itoa(maxTemplateBytes)+" bytes")
		}
		tt, err := texttemplate.New("t").Parse(src)
		if err != nil {
			return templateError(t.Kind, err.Error())
		}
		if len(tt.Templates()) > 1 || loops(tt.Root) {
			return templateError(t.Kind, "range, template, define and block are not allowed")
		}
	}
	if _, _, _, err := t.Render(NotificationData{}); err != nil {
		return templateError(t.Kind, err.Error())
	}
	return nil
}

func templateError(kind, why string) error {
	e := InvalidField("template", kind)
	e.Message = "The template of " + kind + " is refused: " + why + "."
	return e
}

// loops reports whether a template tree has a range or calls a template.
func loops(n parse.Node) bool {
	switch n := n.(type) {
	case *parse.ListNode:
		return n != nil && slices.ContainsFunc(n.Nodes, loops)
	case *parse.IfNode:
		return loops(n.List) || loops(n.ElseList)
	case *parse.WithNode:
		return loops(n.List) || loops(n.ElseList)
	case *parse.RangeNode, *parse.TemplateNode:
		return true
	}
	return false
}
