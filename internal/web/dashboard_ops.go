package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// The dashboard's operations (decision 0054): API clients and the staff. Neither has a route of
// the API, so no route's scope applies: their use cases (app.APIClients, app.AddStaff, …) ask
// manage_project in the project, which only an admin's caller holds.

// opsRoutes adds the operations' pages to the dashboard's mux.
func (d *Dashboard) opsRoutes(mux *http.ServeMux) {
	mux.Handle("GET /admin/{project}/clients", d.inProject(d.clients))
	mux.Handle("POST /admin/{project}/clients", d.inProject(d.createClient))
	mux.Handle("POST /admin/{project}/clients/{id}/delete", d.inProject(d.deleteClient))
	mux.Handle("GET /admin/{project}/settings", d.inProject(d.settings))
	mux.Handle("POST /admin/{project}/settings", d.inProject(d.changeSettings))
	mux.Handle("GET /admin/{project}/subscriptions", d.inProject(d.subscriptions))
	mux.Handle("POST /admin/{project}/subscriptions/{id}/redeliver", d.inProject(d.redeliver))
	mux.Handle("POST /admin/{project}/subscriptions/{id}/status", d.inProject(d.pause))
	mux.Handle("GET /admin/{project}/history", d.inProject(d.history))
	mux.Handle("GET /admin/{project}/staff", d.inProject(d.staff))
	mux.Handle("POST /admin/{project}/staff", d.inProject(d.addStaff))
}

type clientsData struct {
	Clients []procura.APIClient
	Scopes  []string // the scope names a client may be given
	New     *app.NewClient
	Done    string
}

// clients lists the project's API clients, with the form that creates one.
func (d *Dashboard) clients(w http.ResponseWriter, r *http.Request, s *app.StaffSession, c app.Caller) error {
	return d.showClients(w, r, s, c, http.StatusOK, nil)
}

func (d *Dashboard) showClients(w http.ResponseWriter, r *http.Request, s *app.StaffSession, c app.Caller, status int, created *app.NewClient) error {
	list, err := d.App.APIClients(r.Context(), c)
	if err != nil {
		return err
	}
	data := clientsData{Clients: list, Scopes: app.KnownScopes, New: created, Done: r.URL.Query().Get("done")}
	return d.render(w, r, s, status, "clients", data, "ops.clients")
}

// createClient creates an API client of the scopes ticked; the page that answers is the only
// one that shows its secret (it is not redirected to, so no address or history holds it).
func (d *Dashboard) createClient(w http.ResponseWriter, r *http.Request, s *app.StaffSession, c app.Caller) error {
	if err := r.ParseForm(); err != nil {
		return procura.InvalidInput("The form could not be read.")
	}
	var scopes []string
	for _, name := range r.PostForm["scope"] {
		scopes = append(scopes, name+":"+c.ProjectKey)
	}
	created, err := d.App.CreateClientOf(r.Context(), c, strings.Join(scopes, " "))
	if err != nil {
		return err
	}
	return d.showClients(w, r, s, c, http.StatusCreated, created)
}

// deleteClient removes an API client and ends its tokens.
func (d *Dashboard) deleteClient(w http.ResponseWriter, r *http.Request, _ *app.StaffSession, c app.Caller) error {
	if err := d.App.DeleteAPIClient(r.Context(), c, r.PathValue("id")); err != nil {
		return err
	}
	http.Redirect(w, r, projectBase(r)+"clients?done=deleted", http.StatusSeeOther)
	return nil
}

type staffData struct {
	Staff      []app.StaffMember
	Roles      []string
	New        *app.NewStaffMember
	EveryScope bool // the member may add members of every project
}

// staff lists the members who work in the project, with the form that adds one.
func (d *Dashboard) staff(w http.ResponseWriter, r *http.Request, s *app.StaffSession, c app.Caller) error {
	return d.showStaff(w, r, s, c, http.StatusOK, nil)
}

func (d *Dashboard) showStaff(w http.ResponseWriter, r *http.Request, s *app.StaffSession, c app.Caller, status int, created *app.NewStaffMember) error {
	list, err := d.App.ProjectStaff(r.Context(), c)
	if err != nil {
		return err
	}
	data := staffData{Staff: list, Roles: app.StaffRoles, New: created, EveryScope: s.Member.ProjectKey == ""}
	return d.render(w, r, s, status, "staff", data, "ops.staff")
}

// addStaff creates a member with a generated password, shown once on the page that answers.
func (d *Dashboard) addStaff(w http.ResponseWriter, r *http.Request, s *app.StaffSession, c app.Caller) error {
	every := false
	switch r.PostFormValue("projects") {
	case "every":
		every = true
	case "this":
	default:
		return procura.InvalidInput("The member works in this project or in every project.")
	}
	created, err := d.App.AddStaff(r.Context(), s.Member, c, r.PostFormValue("email"), r.PostFormValue("role"), every)
	if err != nil {
		return err
	}
	return d.showStaff(w, r, s, c, http.StatusCreated, created)
}

// opsDone is the address of an operations page after a change, with what was done.
func opsDone(r *http.Request, page, done string) string {
	return projectBase(r) + page + "?done=" + url.QueryEscape(done)
}
