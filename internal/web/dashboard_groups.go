package web

import (
	"cmp"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/httpapi"
)

// A company's customer groups, as seed 000 names them: the associate roles held in the company,
// with their members and their permissions. A role is the project's, shared by every company
// that uses it: adding a permission to it first shows whom it reaches.

// emporixResources are the resources Emporix's scopes name, by the suffix of a permission.
var emporixResources = map[string]string{"Orders": "emporix.orders", "Carts": "emporix.carts", "Quotes": "emporix.quotes",
	"QuoteRequests": "emporix.quoteRequests", "ShoppingLists": "emporix.shoppingLists"}

// emporix names a permission in Emporix's words, e.g. ViewOthersOrders "orders: read for legal
// entity": reading or managing one's own or the company's resources. "" for a permission
// Emporix has no scope for.
func emporix(l lang, p procura.Permission) string {
	name := string(p)
	action := "emporix.manage"
	for _, verb := range []string{"View", "Update", "Create", "Delete", "Accept", "Decline", "Renegotiate", "Reassign"} {
		if rest, ok := strings.CutPrefix(name, verb); ok {
			if verb == "View" {
				action = "emporix.read"
			}
			reach := "emporix.own"
			if rest, ok = strings.CutPrefix(rest, "Others"); ok {
				reach = "emporix.legalEntity"
			} else if rest, ok = strings.CutPrefix(rest, "My"); !ok {
				return ""
			}
			if res, ok := emporixResources[rest]; ok {
				return l.T("emporix.phrase", l.T(res), l.T(action), l.T(reach))
			}
			return ""
		}
	}
	return ""
}

// member is a holder of a role in a unit of the company.
type member struct {
	Email, CustomerID, Unit string
	UnitVersion             int64
	Inherited               bool // passed down to the unit's divisions
}

// groupView is a role held in the company, with its members and its permissions.
type groupView struct {
	Role        *procura.AssociateRole
	Members     []member
	Permissions []permissionView
	Missing     []procura.Permission // what the role may still be given
}

type groupsData struct {
	Company *procura.BusinessUnit
	Units   []procura.BusinessUnit
	Groups  []groupView
	Roles   []string
	Done    string
}

// groups shows the roles held in a company's units, with their members and permissions.
func (d *Dashboard) groups(w http.ResponseWriter, r *http.Request, s *app.StaffSession, c app.Caller) error {
	ctx := r.Context()
	company, units, err := d.companyUnits(ctx, c, r.PathValue("key"))
	if err != nil {
		return err
	}
	roles, err := d.roles(ctx, c)
	if err != nil {
		return err
	}
	byRole := map[string][]member{}
	var ids []string
	for _, u := range units {
		for _, a := range u.Associates {
			ids = append(ids, a.Customer.ID)
			for _, ra := range a.AssociateRoleAssignments {
				byRole[ra.AssociateRole.Key] = append(byRole[ra.AssociateRole.Key], member{CustomerID: a.Customer.ID, Unit: u.Key,
					UnitVersion: u.Version, Inherited: ra.Inheritance == procura.InheritanceEnabled})
			}
		}
	}
	emails, err := d.emails(ctx, c, ids)
	if err != nil {
		return err
	}
	l := langOf(r)
	data := groupsData{Company: company, Units: units, Done: r.URL.Query().Get("done")}
	for key, role := range roles {
		data.Roles = append(data.Roles, key)
		ms, ok := byRole[key]
		if !ok {
			continue
		}
		g := groupView{Role: role}
		for _, m := range ms {
			m.Email = emails[m.CustomerID]
			g.Members = append(g.Members, m)
		}
		for _, p := range procura.AllPermissions {
			if slices.Contains(role.Permissions, p) {
				g.Permissions = append(g.Permissions, permissionView{Name: p, Emporix: emporix(l, p)})
			} else {
				g.Missing = append(g.Missing, p)
			}
		}
		data.Groups = append(data.Groups, g)
	}
	slices.Sort(data.Roles)
	slices.SortFunc(data.Groups, func(a, b groupView) int { return cmp.Compare(a.Role.Key, b.Role.Key) })
	return d.render(w, r, s, http.StatusOK, "groups", data, "dashboard.groups", company.Name)
}

// companyUnits reads the company of the unit of key and every unit of it.
func (d *Dashboard) companyUnits(ctx context.Context, c app.Caller, key string) (*procura.BusinessUnit, []procura.BusinessUnit, error) {
	if err := httpapi.Permit(c, "GET /{project}/business-units/{ref}"); err != nil {
		return nil, nil, err
	}
	u, err := d.App.GetBusinessUnit(ctx, c, app.Ref{Key: key})
	if err != nil {
		return nil, nil, err
	}
	if u.ParentUnit != nil {
		if u, err = d.App.GetBusinessUnit(ctx, c, app.Ref{Key: u.TopLevelUnit.Key}); err != nil {
			return nil, nil, err
		}
	}
	units, err := d.allUnits(ctx, c, "topLevelUnit(key = "+strconv.Quote(u.Key)+")")
	return u, units, err
}

// members adds a role to a customer in a unit of the company (as an associate anew, or beside
// their roles there), or takes it away (and the associate with their last role): the API's
// update of the unit, at the version the page showed.
func (d *Dashboard) members(w http.ResponseWriter, r *http.Request, _ *app.StaffSession, c app.Caller) error {
	ctx := r.Context()
	if err := httpapi.Permit(c, "POST /{project}/business-units/{ref}"); err != nil {
		return err
	}
	role, unitKey := r.PostFormValue("role"), r.PostFormValue("unit")
	if role == "" || unitKey == "" {
		return procura.InvalidInput("The form names no role or no business unit.")
	}
	u, err := d.App.GetBusinessUnit(ctx, c, app.Ref{Key: unitKey})
	if err != nil {
		return err
	}
	// A removal names the version its page showed; an addition, chosen by unit, the unit as read now.
	version := u.Version
	if v := r.PostFormValue("version"); v != "" {
		if version, err = strconv.ParseInt(v, 10, 64); err != nil {
			return procura.InvalidInput("The version of the business unit is not a number.")
		}
	}
	customer := r.PostFormValue("customer")
	if email := r.PostFormValue("email"); email != "" {
		if customer, err = d.customerByEmail(ctx, c, email); err != nil {
			return err
		}
	}
	var roles []procura.AssociateRoleAssignment
	if a := u.Associate(customer); a != nil {
		roles = a.AssociateRoleAssignments
	}
	held := func(ra procura.AssociateRoleAssignment) bool { return ra.AssociateRole.Key == role }
	var action any
	switch r.PostFormValue("change") {
	case "add":
		if slices.ContainsFunc(roles, held) {
			return procura.InvalidInput("The customer already holds the role %s in %s.", role, unitKey)
		}
		verb := map[bool]string{true: "changeAssociate", false: "addAssociate"}[len(roles) > 0]
		added := procura.AssociateRoleAssignment{AssociateRole: procura.KeyReference{Key: role}, Inheritance: procura.InheritanceEnabled}
		action = map[string]any{"action": verb, "associate": associateDraft(customer, append(slices.Clone(roles), added))}
	case "remove":
		rest := slices.DeleteFunc(slices.Clone(roles), held)
		switch {
		case len(rest) == len(roles):
			return procura.InvalidInput("The customer holds no role %s in %s.", role, unitKey)
		case len(rest) == 0:
			action = map[string]any{"action": "removeAssociate", "customer": map[string]string{"typeId": "customer", "id": customer}}
		default:
			action = map[string]any{"action": "changeAssociate", "associate": associateDraft(customer, rest)}
		}
	default:
		return procura.InvalidInput("The change must be add or remove.")
	}
	raw, err := json.Marshal(action)
	if err != nil {
		return err
	}
	if _, err := d.App.UpdateBusinessUnit(ctx, c, app.Ref{Key: unitKey}, procura.Update{Version: &version, Actions: []json.RawMessage{raw}}); err != nil {
		return err
	}
	http.Redirect(w, r, projectBase(r)+"companies/"+url.PathEscape(r.PathValue("key"))+"/groups?done=members", http.StatusSeeOther)
	return nil
}

// associateDraft is a customer with the role assignments given; a role added is passed down to
// the unit's divisions.
func associateDraft(customer string, roles []procura.AssociateRoleAssignment) map[string]any {
	var as []map[string]any
	for _, ra := range roles {
		as = append(as, map[string]any{"associateRole": map[string]string{"typeId": "associate-role", "key": ra.AssociateRole.Key},
			"inheritance": cmp.Or(ra.Inheritance, procura.InheritanceEnabled)})
	}
	return map[string]any{"customer": map[string]string{"typeId": "customer", "id": customer}, "associateRoleAssignments": as}
}

// customerByEmail finds the id of the customer of email.
func (d *Dashboard) customerByEmail(ctx context.Context, c app.Caller, email string) (string, error) {
	if err := httpapi.Permit(c, "GET /{project}/customers"); err != nil {
		return "", err
	}
	page, err := d.App.QueryCustomers(ctx, c, app.Query{Where: []string{"email = " + strconv.Quote(strings.TrimSpace(email))}, Limit: 1})
	if err != nil {
		return "", err
	}
	list, err := rows[procura.Customer](page)
	if err != nil {
		return "", err
	}
	if len(list) == 0 {
		return "", procura.InvalidInput("There is no customer with the email %s.", email)
	}
	return list[0].ID, nil
}
