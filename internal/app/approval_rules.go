package app

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
	"github.com/procura/procura/predicate"
)

// ruleKind stores rules under their unit: a rule's key is unique within its unit, so the stored
// key is "unit/key".
var ruleKind = kind[procura.ApprovalRule, *procura.ApprovalRule]{
	typ: procura.TypeApprovalRule,
	afterSave: func(a *App, l *lookup, r *procura.ApprovalRule) error {
		return a.refreshRuleSet(l, r.BusinessUnit.Key)
	},
	index: func(r *procura.ApprovalRule) store.Doc {
		d := store.Doc{Parent: r.BusinessUnit.Key, State: r.Status}
		if r.Key != "" {
			d.Key = r.BusinessUnit.Key + "/" + r.Key
		}
		return d
	},
}

// checkPredicate validates an order predicate, reporting a parse error as InvalidInput.
func checkPredicate(src string) error {
	if _, err := predicate.Parse(src); err != nil {
		return procura.InvalidInput("Malformed predicate: %s", strings.TrimPrefix(err.Error(), "predicate: "))
	}
	return nil
}

// ApprovalRuleDraft is a rule draft; through the seller's endpoints it names its unit.
type ApprovalRuleDraft struct {
	procura.ApprovalRuleDraft
	BusinessUnit *procura.ResourceIdentifier `json:"businessUnit,omitempty"`
}

// checkInPath checks, for the as-associate endpoints, that a rule or flow is of the path's unit and the
// associate holds right there; the seller may act in any unit.
func checkInPath(l *lookup, c Caller, who Acting, unitKey string, right procura.Right, r Ref) error {
	if who.Kind == procura.AsSeller {
		return nil
	}
	if unitKey != who.UnitKey {
		return procura.NotFound(r.String())
	}
	_, _, err := inUnit(l, c, who, right)
	return err
}

// CreateApprovalRule creates a rule in the path's unit (as-associate: CreateApprovalRules) or in
// the unit the draft names (the seller).
func (a *App) CreateApprovalRule(ctx context.Context, c Caller, who Acting, d ApprovalRuleDraft) (*procura.ApprovalRule, error) {
	var out *procura.ApprovalRule
	err := a.write(ctx, c, func(l *lookup) error {
		docs := l.docs

		unitKey := who.UnitKey
		if who.Kind == procura.AsSeller {
			if d.BusinessUnit == nil {
				return procura.RequiredField("businessUnit")
			}
			u, err := l.Unit("businessUnit", *d.BusinessUnit)
			if err != nil {
				return err
			}
			unitKey = u.Key
		}
		if err := checkInPath(l, c, who, unitKey, procura.CreateRules, Ref{Key: unitKey}); err != nil {
			return err
		}
		if d.Key != "" {
			if _, err := docs.GetByKey(procura.TypeApprovalRule, unitKey+"/"+d.Key); err == nil {
				return procura.DuplicateField("key", d.Key)
			}
		}
		r, err := procura.NewApprovalRule(d.ApprovalRuleDraft, unitKey, a.NewID(), a.change(l), checkPredicate)
		if err != nil {
			return err
		}
		out = r
		if err := docs.Lock("rules/" + unitKey); err != nil {
			return err
		}
		if err := ruleKind.insert(docs, r); err != nil {
			return err
		}
		return a.refreshRuleSet(l, unitKey)
	})
	return out, err
}

// ruleRef turns a key reference of the path into the stored key.
func ruleRef(who Acting, r Ref) Ref {
	if r.Key != "" && who.UnitKey != "" {
		return Ref{Key: who.UnitKey + "/" + r.Key}
	}
	return r
}

// GetApprovalRule returns a rule of the path's unit (or any rule, for the seller).
func (a *App) GetApprovalRule(ctx context.Context, c Caller, who Acting, r Ref) (*procura.ApprovalRule, error) {
	var out *procura.ApprovalRule
	err := a.read(ctx, c.ProjectKey, func(l *lookup) error {
		rule, _, err := ruleKind.load(l, ruleRef(who, r))
		if err != nil {
			return err
		}
		if err := checkInPath(l, c, who, rule.BusinessUnit.Key, procura.ViewUnit, r); err != nil {
			return err
		}
		out = rule
		return nil
	})
	return out, err
}

// QueryApprovalRules pages through the rules of the path's unit (or of every unit, for the
// seller).
func (a *App) QueryApprovalRules(ctx context.Context, c Caller, who Acting, q Query) (*Page, error) {
	return a.queryInUnit(ctx, c, who, q, procura.TypeApprovalRule)
}

// queryInUnit pages through the documents of a type in the path's unit (all of them for the
// seller), once the associate is known to act for the unit.
func (a *App) queryInUnit(ctx context.Context, c Caller, who Acting, q Query, typ string, private ...string) (*Page, error) {
	var page *Page
	err := a.read(ctx, c.ProjectKey, func(l *lookup) error {
		d := l.docs
		f := store.Filter{Type: typ}
		if who.Kind != procura.AsSeller {
			if _, _, err := inUnit(l, c, who, procura.ViewUnit); err != nil {
				return err
			}
			f.Parents = []string{who.UnitKey}
		}
		var err error
		page, err = a.findPage(d, f, q, without(private...))
		return err
	})
	return page, err
}

// UpdateApprovalRule applies rule update actions (as-associate: UpdateApprovalRules). A running
// approval flow keeps the copy of the rule it started with.
func (a *App) UpdateApprovalRule(ctx context.Context, c Caller, who Acting, r Ref, u procura.Update) (*procura.ApprovalRule, error) {
	return ruleKind.updateAs(ctx, a, c, ruleRef(who, r), u, func(l *lookup, rule *procura.ApprovalRule) (func(json.RawMessage) error, error) {
		if err := checkInPath(l, c, who, rule.BusinessUnit.Key, procura.UpdateRules, r); err != nil {
			return nil, err
		}
		if err := l.docs.Lock("rules/" + rule.BusinessUnit.Key); err != nil {
			return nil, err
		}
		ch := a.change(l)
		return func(raw json.RawMessage) error {
			if err := procura.ActionAllowed(who.Kind, procura.TypeApprovalRule, procura.ActionName(raw)); err != nil {
				return err
			}
			old := rule.Key
			if err := rule.Apply(raw, ch, checkPredicate); err != nil {
				return err
			}
			if rule.Key != old && rule.Key != "" {
				if _, err := l.docs.GetByKey(procura.TypeApprovalRule, rule.BusinessUnit.Key+"/"+rule.Key); err == nil {
					return procura.DuplicateField("key", rule.Key)
				}
			}
			return nil
		}, nil
	})
}
