package procura

import (
	"strings"
	"testing"
)

func TestTemplateOfALocale(t *testing.T) {
	s := NotificationSettings{Templates: []NotificationTemplate{
		{Kind: NotifyQuoteSent, Locale: "de", Subject: "Angebot", Text: "Hallo"},
		{Kind: NotifyQuoteSent, Locale: "de-CH", Subject: "Offerte", Text: "Grüezi"},
	}}
	for locale, want := range map[string]string{"de-CH": "Offerte", "de-AT": "Angebot", "de": "Angebot", "fr": "Your quote is ready", "": "Your quote is ready"} {
		if got := s.Template(NotifyQuoteSent, locale).Subject; !strings.HasPrefix(got, want) {
			t.Errorf("%q: %q, want %q", locale, got, want)
		}
	}
}

// A subject stays on one line, whatever the data hold; the HTML escapes them and links the link.
func TestRenderKeepsTheSubjectOnOneLineAndEscapesTheHTML(t *testing.T) {
	tpl := NotificationTemplate{Subject: "Hi {{.Name}}", Text: "Dear {{.Name}},\n\nopen:\n{{.Link}}"}
	subject, text, html, err := tpl.Render(NotificationData{Name: "Eve\r\nBcc: all@example.com <b>", Link: "https://shop.example/r?t=x"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(subject, "\r\n") || subject != "Hi Eve Bcc: all@example.com <b>" {
		t.Errorf("subject %q", subject)
	}
	if !strings.Contains(text, "Eve\r\nBcc") {
		t.Errorf("text %q", text)
	}
	if strings.Contains(html, "<b>") || !strings.Contains(html, `<a href="https://shop.example/r?t=x">https://shop.example/r?t=x</a>`) {
		t.Errorf("html %s", html)
	}
}
