package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/httpapi"
)

// The associate roles in the dashboard (decision 0056): every role with the units that hold it,
// and a role's permissions as a matrix, resources × action × My/Others, to create or edit it
// through the API's use cases. A role is the project's: its page lists whom a change reaches.

// matrixRow is an action on a resource, with the permission for one's own and for others'.
type matrixRow struct {
	Resource, Action string   // word keys
	My, Others       *checked // nil: no such permission
}

// checked is a permission of the matrix and whether the role holds it.
type checked struct {
	Name    procura.Permission
	On, Off bool // held; not to be changed here
}

// matrix sorts the reference's permissions into rows of resource and action, My and Others side
// by side (CreateMyOrdersFromMyCarts beside CreateOrdersFromOthersCarts), and the permissions of
// the unit itself (AddChildUnits, CreateApprovalRules…) apart; held are ticked; without edit,
// none may be changed.
func matrix(held []procura.Permission, edit bool) (rows []matrixRow, unit []checked) {
	index := map[string]int{}
	for _, p := range procura.AllPermissions {
		ck := &checked{Name: p, On: slices.Contains(held, p), Off: !edit}
		words := camelWords(string(p))
		mine, others := slices.Contains(words, "My"), slices.Contains(words, "Others")
		if !mine && !others {
			unit = append(unit, *ck)
			continue
		}
		rest := slices.DeleteFunc(slices.Clone(words[1:]), func(w string) bool { return w == "My" || w == "Others" })
		key := words[0] + strings.Join(rest, "")
		i, ok := index[key]
		if !ok {
			i, index[key] = len(rows), len(rows)
			rows = append(rows, matrixRow{Resource: "matrix." + strings.Join(rest, ""), Action: "matrix." + words[0]})
		}
		if others {
			rows[i].Others = ck
		} else {
			rows[i].My = ck
		}
	}
	slices.SortStableFunc(rows, func(a, b matrixRow) int { return strings.Compare(a.Resource, b.Resource) })
	return rows, unit
}

// camelWords splits a name at its capitals: "ViewMyCarts" is View, My, Carts.
func camelWords(s string) []string {
	var out []string
	for i, r := range s {
		if unicode.IsUpper(r) || i == 0 {
			out = append(out, "")
		}
		out[len(out)-1] += string(r)
	}
	return out
}

// roleUse is a role with the units that hold it.
type roleUse struct {
	Role  procura.AssociateRole
	Units []string // keys
}

type rolesData struct {
	Roles     []roleUse
	MayCreate bool
}

// rolesList lists the project's roles with the units each is held in.
func (d *Dashboard) rolesList(w http.ResponseWriter, r *http.Request, s *app.StaffSession, c app.Caller) error {
	roles, err := d.roles(r.Context(), c)
	if err != nil {
		return err
	}
	units, err := d.allUnits(r.Context(), c)
	if err != nil {
		return err
	}
	used := map[string][]string{}
	for _, u := range units {
		seen := map[string]bool{}
		for _, a := range u.Associates {
			for _, ra := range a.AssociateRoleAssignments {
				if k := ra.AssociateRole.Key; !seen[k] {
					seen[k] = true
					used[k] = append(used[k], u.Key)
				}
			}
		}
	}
	var list []roleUse
	for key, role := range roles {
		list = append(list, roleUse{Role: *role, Units: used[key]})
	}
	slices.SortFunc(list, func(a, b roleUse) int { return strings.Compare(a.Role.Key, b.Role.Key) })
	data := rolesData{Roles: list, MayCreate: httpapi.Permit(c, "POST /{project}/associate-roles") == nil}
	return d.render(w, r, s, http.StatusOK, "roles", data, "dashboard.roles")
}

type roleData struct {
	Role    *procura.AssociateRole // nil: a new role
	Rows    []matrixRow
	Unit    []checked
	Reach   []reach
	People  int
	MayEdit bool
	Done    string
}

// rolePage shows a role's matrix to edit, with whom it reaches; without a role, a new one's.
func (d *Dashboard) rolePage(w http.ResponseWriter, r *http.Request, s *app.StaffSession, c app.Caller) error {
	ctx := r.Context()
	data := roleData{Done: r.URL.Query().Get("done")}
	title, arg := "people.newRole", ""
	if key := r.PathValue("role"); key != "" {
		if err := httpapi.Permit(c, "GET /{project}/associate-roles/{ref}"); err != nil {
			return err
		}
		role, err := d.App.GetAssociateRole(ctx, c, app.Ref{Key: key})
		if err != nil {
			return err
		}
		if data.Reach, data.People, err = d.reach(ctx, c, role.Key); err != nil {
			return err
		}
		data.Role, title, arg = role, "people.roleTitle", role.Key
		data.MayEdit = httpapi.Permit(c, "POST /{project}/associate-roles/{ref}") == nil
		data.Rows, data.Unit = matrix(role.Permissions, data.MayEdit)
	} else {
		if err := httpapi.Permit(c, "POST /{project}/associate-roles"); err != nil {
			return err
		}
		data.MayEdit = true
		data.Rows, data.Unit = matrix(nil, true)
	}
	return d.render(w, r, s, http.StatusOK, "role", data, title, arg)
}

// saveRole creates the form's role, or updates the path's role to the form's name, buyer
// assignability and permissions (setName, changeBuyerAssignable, setPermissions at the version
// the page showed): the API's use cases, which check the permissions' names.
func (d *Dashboard) saveRole(w http.ResponseWriter, r *http.Request, _ *app.StaffSession, c app.Caller) error {
	ctx := r.Context()
	if err := r.ParseForm(); err != nil {
		return procura.InvalidInput("The form could not be read.")
	}
	name, assignable, perms := strings.TrimSpace(r.PostForm.Get("name")), r.PostForm.Get("buyerAssignable") == "on", r.PostForm["permission"]
	if perms == nil {
		perms = []string{}
	}
	key := r.PathValue("role")
	if key == "" {
		if err := httpapi.Permit(c, "POST /{project}/associate-roles"); err != nil {
			return err
		}
		key = strings.TrimSpace(r.PostForm.Get("key"))
		if _, err := d.App.CreateAssociateRole(ctx, c, procura.AssociateRoleDraft{Key: key, Name: name, BuyerAssignable: &assignable, Permissions: perms}); err != nil {
			return err
		}
	} else {
		if err := httpapi.Permit(c, "POST /{project}/associate-roles/{ref}"); err != nil {
			return err
		}
		version, err := formVersion(r, "associate role")
		if err != nil {
			return err
		}
		var actions []json.RawMessage
		for _, a := range []map[string]any{{"action": "setName", "name": name}, {"action": "changeBuyerAssignable", "buyerAssignable": assignable},
			{"action": "setPermissions", "permissions": perms}} {
			raw, err := json.Marshal(a)
			if err != nil {
				return err
			}
			actions = append(actions, raw)
		}
		if _, err := d.App.UpdateAssociateRole(ctx, c, app.Ref{Key: key}, procura.Update{Version: &version, Actions: actions}); err != nil {
			return err
		}
	}
	http.Redirect(w, r, projectBase(r)+"roles/"+url.PathEscape(key)+"?done=saved", http.StatusSeeOther)
	return nil
}
