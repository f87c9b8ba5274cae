package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/httpapi"
)

// previewLimit is how many of the unit's recent orders a rule's predicate is tried on.
const previewLimit = 50

type rulesData struct {
	Unit      string
	Rules     []procura.ApprovalRule
	MayCreate bool
}

// rules lists the approval rules of the active unit (the API's as-associate list).
func (p *Portal) rules(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	d := rulesData{Unit: s.BusinessUnit}
	if s.BusinessUnit == "" {
		return p.render(w, r, s, http.StatusOK, "rules", d, "rules.title")
	}
	ctx, c := r.Context(), s.Caller()
	page, err := p.App.QueryApprovalRules(ctx, c, asAssociate(s), app.Query{Limit: 100, Sort: []string{"createdAt asc"}})
	if err != nil {
		return err
	}
	if d.Rules, err = rows[procura.ApprovalRule](page); err != nil {
		return err
	}
	access, err := p.App.AssociateAccess(ctx, c, app.Ref{Key: s.BusinessUnit}, s.CustomerID)
	if err != nil {
		return err
	}
	d.MayCreate = slices.Contains(access.Permissions, procura.CreateApprovalRules)
	return p.render(w, r, s, http.StatusOK, "rules", d, "rules.title")
}

// ruleForm is a rule as its form writes it: requesters are role keys separated by commas;
// approvers are one tier a line, its entries separated by ";", each entry's roles (any of which
// approves it) by "/".
type ruleForm struct {
	ID, Key, Name, Description, Status, Predicate, Requesters, Approvers string
	Version                                                              int64
}

type ruleData struct {
	Form    ruleForm
	Error   string
	Checked bool // the predicate was checked: Preview is its result
	Preview *app.PredicatePreview
	Done    string
}

func formOf(r *http.Request) ruleForm {
	f := ruleForm{ID: r.PathValue("id"), Status: procura.StatusActive}
	if r.Method != http.MethodPost {
		return f
	}
	f.Version, _ = strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	f.Key, f.Name, f.Description = r.PostFormValue("key"), r.PostFormValue("name"), r.PostFormValue("description")
	f.Status, f.Predicate = r.PostFormValue("status"), r.PostFormValue("predicate")
	f.Requesters, f.Approvers = r.PostFormValue("requesters"), r.PostFormValue("approvers")
	return f
}

// fromRule fills the form with a stored rule.
func fromRule(rule *procura.ApprovalRule) ruleForm {
	f := ruleForm{ID: rule.ID, Version: rule.Version, Key: rule.Key, Name: rule.Name, Description: rule.Description,
		Status: rule.Status, Predicate: rule.Predicate}
	var keys []string
	for _, rq := range rule.Requesters {
		keys = append(keys, rq.AssociateRole.Key)
	}
	f.Requesters = strings.Join(keys, ", ")
	var tiers []string
	for _, t := range rule.Approvers.Tiers {
		var entries []string
		for _, e := range t.And {
			var alts []string
			for _, o := range e.Or {
				alts = append(alts, o.AssociateRole.Key)
			}
			entries = append(entries, strings.Join(alts, " / "))
		}
		tiers = append(tiers, strings.Join(entries, "; "))
	}
	f.Approvers = strings.Join(tiers, "\n")
	return f
}

type role struct {
	AssociateRole procura.ResourceIdentifier `json:"associateRole"`
}

func roleOf(key string) role {
	return role{procura.ResourceIdentifier{TypeID: "associate-role", Key: strings.TrimSpace(key)}}
}

// requesters and approvers are the JSON the API takes for the form's roles.
func (f ruleForm) requesters() []role {
	out := []role{}
	for _, k := range strings.Split(f.Requesters, ",") {
		if strings.TrimSpace(k) != "" {
			out = append(out, roleOf(k))
		}
	}
	return out
}

func (f ruleForm) approvers() map[string]any {
	type or struct {
		Or []role `json:"or"`
	}
	type and struct {
		And []or `json:"and"`
	}
	tiers := []and{}
	for _, line := range strings.Split(f.Approvers, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var t and
		for _, entry := range strings.Split(line, ";") {
			var e or
			for _, k := range strings.Split(entry, "/") {
				if strings.TrimSpace(k) != "" {
					e.Or = append(e.Or, roleOf(k))
				}
			}
			t.And = append(t.And, e)
		}
		tiers = append(tiers, t)
	}
	return map[string]any{"tiers": tiers}
}

// newRule shows the empty form of a rule.
func (p *Portal) newRule(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	return p.render(w, r, s, http.StatusOK, "rule", ruleData{Form: formOf(r)}, "rule.new")
}

// editRule shows a rule of the active unit in its form.
func (p *Portal) editRule(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	rule, err := p.App.GetApprovalRule(r.Context(), s.Caller(), asAssociate(s), app.Ref{ID: r.PathValue("id")})
	if err != nil {
		return err
	}
	return p.render(w, r, s, http.StatusOK, "rule", ruleData{Form: fromRule(rule), Done: r.URL.Query().Get("done")}, "rule.edit", rule.Name)
}

// saveRule checks the form's predicate (do=check: the API's parser, and which of the unit's
// recent orders it matches) or saves the rule: created in the active unit, or updated at the
// version the form was read at, by the API's as-associate use cases. What the API refuses as
// bad input is shown on the form, with the API's status; any other refusal on the error page.
func (p *Portal) saveRule(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	ctx, c, as := r.Context(), s.Caller(), asAssociate(s)
	d := ruleData{Form: formOf(r)}
	title, arg := "rule.new", ""
	if d.Form.ID != "" {
		title, arg = "rule.edit", d.Form.Name
	}
	var err error
	if r.PostFormValue("do") == "check" {
		d.Preview, err = p.App.PreviewPredicate(ctx, c, as, d.Form.Predicate, previewLimit)
		d.Checked = err == nil
	} else {
		var saved *procura.ApprovalRule
		saved, err = p.storeRule(r, s, d.Form)
		if err == nil {
			http.Redirect(w, r, base(r)+"rules/"+saved.ID+"?done=saved", http.StatusSeeOther)
			return nil
		}
	}
	var pe *procura.Error
	status := http.StatusOK
	if err != nil {
		if !errors.As(err, &pe) || httpapi.Status(pe) != http.StatusBadRequest {
			return err
		}
		status, d.Error = http.StatusBadRequest, pe.Message
	}
	return p.render(w, r, s, status, "rule", d, title, arg)
}

// storeRule creates the form's rule, or updates the rule it edits with every field of the form.
func (p *Portal) storeRule(r *http.Request, s *app.Session, f ruleForm) (*procura.ApprovalRule, error) {
	ctx, c, as := r.Context(), s.Caller(), asAssociate(s)
	if f.ID == "" {
		raw, err := json.Marshal(map[string]any{"key": f.Key, "name": f.Name, "description": f.Description, "status": f.Status,
			"predicate": f.Predicate, "requesters": f.requesters(), "approvers": f.approvers()})
		if err != nil {
			return nil, err
		}
		var d app.ApprovalRuleDraft
		if err := json.Unmarshal(raw, &d); err != nil {
			return nil, err
		}
		return p.App.CreateApprovalRule(ctx, c, as, d)
	}
	var actions []json.RawMessage
	for _, a := range []map[string]any{{"action": "setName", "name": f.Name}, {"action": "setDescription", "description": f.Description},
		{"action": "setStatus", "status": f.Status}, {"action": "setPredicate", "predicate": f.Predicate},
		{"action": "setRequesters", "requesters": f.requesters()}, {"action": "setApprovers", "approvers": f.approvers()}} {
		raw, err := json.Marshal(a)
		if err != nil {
			return nil, err
		}
		actions = append(actions, raw)
	}
	return p.App.UpdateApprovalRule(ctx, c, as, app.Ref{ID: f.ID}, procura.Update{Version: &f.Version, Actions: actions})
}
