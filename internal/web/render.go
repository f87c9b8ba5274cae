package web

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/httpapi"
)

// pages are the parsed templates, each the layout with one page's content.
type pages map[string]*template.Template

var funcs = template.FuncMap{"join": strings.Join}

// parsePages parses every template of dir but its layout as a page of that name, and the
// templates shared (files of another dir) with the same layout; every page may use the parts of
// templates/shared (e.g. an approval flow's "flow").
func parsePages(dir string, shared ...string) pages {
	out := pages{}
	files, err := fs.Glob(templateFiles, dir+"/*.html")
	if err != nil {
		panic(err)
	}
	for _, f := range append(files, shared...) {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name != "layout" {
			out[name] = template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFiles, dir+"/layout.html", "templates/shared/*.html", f))
		}
	}
	return out
}

// view is what the layout shows around every page.
type view struct {
	L         lang
	Base      string
	Title     string
	Signed    bool
	Companies []app.Company
	Page      any
}

// render writes a page; for a signed-in person with their company switcher.
// The page's title is the catalog's message of title, formatted with args.
func (p *Portal) render(w http.ResponseWriter, r *http.Request, s *app.Session, status int, name string, data any, title string, args ...any) error {
	v := view{L: langOf(r), Base: base(r), Page: data}
	v.Title = v.L.T(title, args...)
	if s != nil {
		v.Signed = true
		cs, err := p.App.MyCompanies(r.Context(), s.Caller())
		if err != nil {
			return err
		}
		v.Companies = cs
	}
	return p.pages.write(w, status, name, v)
}

// write writes the page name with the data v.
func (ps pages) write(w http.ResponseWriter, status int, name string, v any) error {
	var buf bytes.Buffer
	if err := ps[name].Execute(&buf, v); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// refusal is a refusal of the portal's own, with its status and message key.
type refusal struct {
	status int
	key    string
}

func (e *refusal) Error() string { return e.key }

func refused(status int, key string) error { return &refusal{status, key} }

func notFound() error { return refused(http.StatusNotFound, "error.notFound") }

// fail answers err with the error page: with the status the API gives it, and a message that
// tells what happened. An internal error is logged under a reference the page shows (the
// request's id, as the API's internal errors name it); its details never reach the page.
func (p *Portal) fail(w http.ResponseWriter, r *http.Request, err error) {
	failPage(w, r, p.Log, err, func(status int, msg string) error {
		return p.render(w, r, nil, status, "error", msg, "error.title")
	})
}

// failPage answers err with the error page that render writes, or in plain text when it fails.
func failPage(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error, render func(status int, msg string) error) {
	status, msg := failure(r, log, err)
	w.Header().Set("Cache-Control", "no-store")
	if rerr := render(status, msg); rerr != nil {
		log.Error("web: rendering the error page", "err", rerr)
		http.Error(w, msg, status)
	}
}

// failure is the status and the sentence of the error page of err.
func failure(r *http.Request, log *slog.Logger, err error) (int, string) {
	l := langOf(r)
	status, msg := http.StatusInternalServerError, ""
	var rf *refusal
	var pe *procura.Error
	switch {
	case errors.As(err, &rf):
		status, msg = rf.status, l.T(rf.key)
	case errors.As(err, &pe):
		status = httpapi.Status(pe)
		switch {
		case status == http.StatusNotFound:
			msg = l.T("error.notFound")
		case status == http.StatusForbidden:
			msg = l.T("error.forbidden", pe.Message)
		case status == http.StatusConflict:
			msg = l.T("error.conflict")
		case status == http.StatusTooManyRequests:
			msg = l.T("error.tooMany")
		case status < 500:
			msg = l.T("error.badRequest", pe.Message)
		}
	}
	if msg == "" {
		ref := httpapi.RequestID(r)
		if ref == "" { // served without the request's log line (the portal alone)
			ref = reference()
		}
		log.Error("web: internal error", "request_id", ref, "method", r.Method, "path", r.URL.Path, "err", err)
		msg = l.T("error.internal", ref)
	}
	return status, msg
}

func reference() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
