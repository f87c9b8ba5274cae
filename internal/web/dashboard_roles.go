package web

import (
	"cmp"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/httpapi"
)

// reach is a company a role is held in, and who holds it there.
type reach struct {
	Company string // its name
	Key     string
	People  []string // their emails
}

type confirmData struct {
	Role       *procura.AssociateRole
	Permission procura.Permission
	Emporix    string
	Company    string // the company whose groups page asked
	Reach      []reach
	People     int
}

// confirmPermission shows, before a permission is added to a role, every company and person the
// role reaches: roles are the project's, shared by every company that uses them.
func (d *Dashboard) confirmPermission(w http.ResponseWriter, r *http.Request, s *app.StaffSession, c app.Caller) error {
	ctx := r.Context()
	p, err := procura.ParsePermission("permission", r.URL.Query().Get("permission"))
	if err != nil {
		return err
	}
	if err := httpapi.Permit(c, "GET /{project}/associate-roles/{ref}"); err != nil {
		return err
	}
	role, err := d.App.GetAssociateRole(ctx, c, app.Ref{Key: r.PathValue("role")})
	if err != nil {
		return err
	}
	data := confirmData{Role: role, Permission: p, Emporix: emporix(langOf(r), p), Company: r.URL.Query().Get("company")}
	if data.Reach, data.People, err = d.reach(ctx, c, role.Key); err != nil {
		return err
	}
	return d.render(w, r, s, http.StatusOK, "add-permission", data, "dashboard.addPermission", string(p), role.Key)
}

// reach lists every company the role of key is held in, with who holds it there, and how many
// people that is: roles are the project's, shared by every company that uses them.
func (d *Dashboard) reach(ctx context.Context, c app.Caller, key string) ([]reach, int, error) {
	units, err := d.allUnits(ctx, c)
	if err != nil {
		return nil, 0, err
	}
	names := map[string]string{}
	holders := map[string]map[string]bool{} // company → customer ids
	var ids []string
	for _, u := range units {
		if u.ParentUnit == nil {
			names[u.Key] = u.Name
		}
		for _, a := range u.Associates {
			for _, ra := range a.AssociateRoleAssignments {
				if ra.AssociateRole.Key != key {
					continue
				}
				company := u.TopLevelUnit.Key
				if holders[company] == nil {
					holders[company] = map[string]bool{}
				}
				holders[company][a.Customer.ID] = true
				ids = append(ids, a.Customer.ID)
			}
		}
	}
	emails, err := d.emails(ctx, c, ids)
	if err != nil {
		return nil, 0, err
	}
	var out []reach
	people := 0
	for company, held := range holders {
		rc := reach{Company: names[company], Key: company}
		for id := range held {
			rc.People = append(rc.People, emails[id])
		}
		slices.Sort(rc.People)
		people += len(rc.People)
		out = append(out, rc)
	}
	slices.SortFunc(out, func(a, b reach) int { return cmp.Compare(a.Key, b.Key) })
	return out, people, nil
}

// addPermission adds the form's permission to the role: the API's update of the role, at the
// version the confirmation showed.
func (d *Dashboard) addPermission(w http.ResponseWriter, r *http.Request, _ *app.StaffSession, c app.Caller) error {
	if err := httpapi.Permit(c, "POST /{project}/associate-roles/{ref}"); err != nil {
		return err
	}
	version, err := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	if err != nil {
		return procura.InvalidInput("The form names no version of the associate role.")
	}
	raw, err := json.Marshal(map[string]string{"action": "addPermission", "permission": r.PostFormValue("permission")})
	if err != nil {
		return err
	}
	_, err = d.App.UpdateAssociateRole(r.Context(), c, app.Ref{Key: r.PathValue("role")}, procura.Update{Version: &version, Actions: []json.RawMessage{raw}})
	if err != nil {
		return err
	}
	to := projectBase(r) + "companies"
	if company := r.PostFormValue("company"); company != "" {
		to += "/" + url.PathEscape(company) + "/groups?done=permission"
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}
