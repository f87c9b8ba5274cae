package web

import (
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/httpapi"
)

// Dashboard serves the seller's pages under /admin/… for the seller's staff (decision 0053), on
// the portal's foundation: its rendering, words, headers, cross-origin protection and form
// bound. A staff member's session gives the caller of their role's scopes in a project; each page
// checks the scope of the API route whose use case it calls (httpapi.Permit) and calls that use
// case, so the dashboard refuses what the API refuses.
type Dashboard struct {
	App     *app.App
	Log     *slog.Logger
	Proxies httpapi.Proxies

	pages pages
}

// staffCookie names the staff session's cookie, on the path /admin/.
const staffCookie = "procura_staff_session"

// dashboardBase is the dashboard's path.
const dashboardBase = "/admin/"

// staffPage is a handler of a signed-in staff member's page of a project, with their caller there.
type staffPage func(w http.ResponseWriter, r *http.Request, s *app.StaffSession, c app.Caller) error

// Handler returns the dashboard's handler for every path under /admin/.
func (d *Dashboard) Handler() http.Handler {
	d.pages = parsePages("templates/dashboard", "templates/sign-in.html")
	mux := http.NewServeMux()
	mux.HandleFunc("GET /admin/static/portal.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		http.ServeFileFS(w, r, staticFiles, "static/portal.css")
	})
	mux.HandleFunc("GET /admin/sign-in", d.signInPage)
	mux.HandleFunc("POST /admin/sign-in", d.signIn)
	mux.Handle("POST /admin/sign-out", d.staffIn(d.signOut))
	mux.Handle("GET /admin/{$}", d.staffIn(d.projects))
	mux.Handle("GET /admin/{project}/{$}", d.inProject(d.home))
	mux.Handle("GET /admin/{project}/companies", d.inProject(d.companies))
	mux.Handle("GET /admin/{project}/companies/{key}", d.inProject(d.company))
	mux.Handle("GET /admin/{project}/companies/{key}/groups", d.inProject(d.groups))
	mux.Handle("POST /admin/{project}/companies/{key}/members", d.inProject(d.members))
	mux.Handle("GET /admin/{project}/roles/{role}/add-permission", d.inProject(d.confirmPermission))
	mux.Handle("POST /admin/{project}/roles/{role}/permissions", d.inProject(d.addPermission))
	d.commerceRoutes(mux)
	d.peopleRoutes(mux)
	d.opsRoutes(mux)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { d.fail(w, r, notFound()) })
	return guard(mux, d.fail)
}

// projectBase is the dashboard's path of the request's project, ending in a slash.
func projectBase(r *http.Request) string { return dashboardBase + r.PathValue("project") + "/" }

// staffIn runs h with the request's live staff session; without one nothing is done and the
// browser is sent to the sign-in page (after a GET, back to the page once signed in).
func (d *Dashboard) staffIn(h func(w http.ResponseWriter, r *http.Request, s *app.StaffSession) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var token string
		if ck, err := r.Cookie(staffCookie); err == nil {
			token = ck.Value
		}
		s, err := d.App.ResumeStaffSession(r.Context(), token)
		if procura.ErrorCode(err) == procura.CodeInvalidToken {
			if token != "" {
				d.setCookie(w, r, "")
			}
			to := dashboardBase + "sign-in"
			if r.Method == http.MethodGet {
				to += "?next=" + url.QueryEscape(r.URL.Path)
			}
			http.Redirect(w, r, to, http.StatusSeeOther)
			return
		}
		if err == nil {
			w.Header().Set("Cache-Control", "no-store")
			err = h(w, r, s)
		}
		if err != nil {
			d.fail(w, r, err)
		}
	})
}

// inProject runs h with the caller of the staff member in the path's project: a project not
// theirs is not found.
func (d *Dashboard) inProject(h staffPage) http.Handler {
	return d.staffIn(func(w http.ResponseWriter, r *http.Request, s *app.StaffSession) error {
		c, err := s.Member.Caller(r.PathValue("project"))
		if err != nil {
			return err
		}
		c.RequestID, c.ClientAddress = httpapi.RequestID(r), d.Proxies.ClientAddress(r)
		httpapi.NoteCaller(r, c) // for the request's log line
		return h(w, r, s, c)
	})
}

func (d *Dashboard) setCookie(w http.ResponseWriter, r *http.Request, token string) {
	c := &http.Cookie{Name: staffCookie, Value: token, Path: dashboardBase, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: d.Proxies.OverTLS(r)}
	if token == "" {
		c.MaxAge = -1
	}
	http.SetCookie(w, c)
}

// dashboardView is what the dashboard's layout shows around every page.
type dashboardView struct {
	L       lang
	Title   string
	Base    string // the project's dashboard path, or /admin/ outside a project
	Project string
	Staff   *app.StaffMember
	Page    any
}

// render writes a dashboard page; for a signed-in staff member with their name and project.
func (d *Dashboard) render(w http.ResponseWriter, r *http.Request, s *app.StaffSession, status int, name string, data any, title string, args ...any) error {
	v := dashboardView{L: langOf(r), Base: dashboardBase, Project: r.PathValue("project"), Page: data}
	v.Title = v.L.T(title, args...)
	if v.Project != "" {
		v.Base = projectBase(r)
	}
	if s != nil {
		v.Staff = &s.Member
	}
	return d.pages.write(w, status, name, v)
}

// fail answers err with the dashboard's error page, as the portal's fail does.
func (d *Dashboard) fail(w http.ResponseWriter, r *http.Request, err error) {
	failPage(w, r, d.Log, err, func(status int, msg string) error {
		return d.render(w, r, nil, status, "error", msg, "error.title")
	})
}

func (d *Dashboard) signInPage(w http.ResponseWriter, r *http.Request) {
	if err := d.render(w, r, nil, http.StatusOK, "sign-in", signInData{Next: r.FormValue("next")}, "signIn.title"); err != nil {
		d.fail(w, r, err)
	}
}

// signIn checks the staff member's email and password under the login limit and opens a
// session; a failure shows the form again with what went wrong, never which part.
func (d *Dashboard) signIn(w http.ResponseWriter, r *http.Request) {
	email := r.PostFormValue("email")
	s, err := d.App.OpenStaffSession(r.Context(), email, r.PostFormValue("password"), d.Proxies.ClientAddress(r), r.UserAgent())
	if err == nil {
		d.setCookie(w, r, s.Token)
		http.Redirect(w, r, staffNext(r), http.StatusSeeOther)
		return
	}
	status, msg := http.StatusBadRequest, "signIn.failed"
	switch procura.ErrorCode(err) {
	case procura.CodeInvalidCredentials, procura.CodeRequiredField, procura.CodeInvalidField, procura.CodeInvalidInput:
	case procura.CodeTooManyRequests:
		status, msg = http.StatusTooManyRequests, "signIn.locked"
	default:
		d.fail(w, r, err)
		return
	}
	if err := d.render(w, r, nil, status, "sign-in", signInData{Email: email, Next: r.PostFormValue("next"), Error: msg}, "signIn.title"); err != nil {
		d.fail(w, r, err)
	}
}

// staffNext is where to go after signing in: a page of the dashboard, else its start.
func staffNext(r *http.Request) string {
	n := r.FormValue("next")
	if u, err := url.Parse(n); err == nil && u.Scheme == "" && u.Host == "" && strings.HasPrefix(u.Path, dashboardBase) && !strings.HasPrefix(u.Path, "//") {
		return u.Path
	}
	return dashboardBase
}

func (d *Dashboard) signOut(w http.ResponseWriter, r *http.Request, s *app.StaffSession) error {
	if err := d.App.CloseStaffSession(r.Context(), s); err != nil {
		return err
	}
	d.setCookie(w, r, "")
	http.Redirect(w, r, dashboardBase+"sign-in", http.StatusSeeOther)
	return nil
}

// projects lists the projects the staff member works in; with one, it opens it.
func (d *Dashboard) projects(w http.ResponseWriter, r *http.Request, s *app.StaffSession) error {
	keys, err := d.App.StaffProjects(r.Context(), s.Member)
	if err != nil {
		return err
	}
	if len(keys) == 1 {
		http.Redirect(w, r, dashboardBase+keys[0]+"/companies", http.StatusSeeOther)
		return nil
	}
	return d.render(w, r, s, http.StatusOK, "projects", keys, "dashboard.projects")
}
