package app

import (
	"context"
	"encoding/json"
	"sync"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
	"github.com/procura/procura/predicate"
)

// flowKind stores flows by unit, company and requester, with the order's id as the second
// unique value: one flow per order.
var flowKind = kind[storedFlow, *storedFlow]{
	typ: procura.TypeApprovalFlow,
	index: func(f *storedFlow) store.Doc {
		return store.Doc{Parent: f.BusinessUnit.Key, Unique: f.Order.ID, Group: f.Company, Owner: f.Requester, State: f.Status}
	},
	uniqueName: "order",
	private:    []string{"company", "requester", "placedBy"},
}

// storedFlow is a flow as stored: with the company and the requester it is listed under, and the
// customer who placed the order when another than the requester did (separation of duties
// keeps both from deciding it).
type storedFlow struct {
	procura.ApprovalFlow
	Company   string `json:"company,omitempty"`
	Requester string `json:"requester,omitempty"`
	PlacedBy  string `json:"placedBy,omitempty"`
}

// activeRule is a rule ready to match orders: decoded, with its predicate compiled.
type activeRule struct {
	version int64
	rule    procura.ApprovalRule
	pred    *predicate.Predicate
}

// ruleCache keeps decoded rules by id, valid for the version they were read at: matching an
// order reads only the ids and versions of its units' Active rules, and decodes and compiles a
// rule once per version. A rule is kept once the transaction that read it has committed: a write
// may read a rule another write of its SQLite batch changed, and the batch may commit nothing.
var ruleCache sync.Map // id -> *activeRule

func (l *lookup) activeRule(ref ruleVersion) (*activeRule, error) {
	if v, ok := ruleCache.Load(ref.ID); ok && v.(*activeRule).version == ref.Version {
		return v.(*activeRule), nil
	}
	full, err := l.docs.Get(procura.TypeApprovalRule, ref.ID)
	if err != nil {
		return nil, err
	}
	ar := &activeRule{version: full.Version}
	if err := json.Unmarshal(full.Data, &ar.rule); err != nil {
		return nil, err
	}
	if ar.pred, err = predicate.Parse(ar.rule.Predicate); err != nil {
		return nil, err
	}
	l.keepOnCommit(func() { ruleCache.Store(ref.ID, ar) })
	return ar, nil
}

// A unit's rule set lists the ids and versions of its Active rules in one small document, kept
// in step by every rule write: placing an order reads one document per unit of its rule chain
// instead of every rule.
const typeRuleSet = "approval-rule-set"

type ruleVersion struct {
	ID      string `json:"id"`
	Version int64  `json:"version"`
}

type ruleSet struct {
	procura.Base
	Unit  string        `json:"unit"`
	Rules []ruleVersion `json:"rules"`
}

var ruleSetKind = kind[ruleSet, *ruleSet]{
	typ:   typeRuleSet,
	index: func(s *ruleSet) store.Doc { return store.Doc{Key: s.Unit} },
}

// ruleSets returns, in the order of units, the rule sets of those with Active rules: one query.
func (l *lookup) ruleSets(units []*procura.BusinessUnit) ([]*ruleSet, error) {
	keys := make([]string, len(units))
	for i, u := range units {
		keys[i] = u.Key
	}
	docs, err := l.docs.GetByKeys(typeRuleSet, keys)
	if err != nil {
		return nil, err
	}
	byUnit := map[string]*ruleSet{}
	for _, doc := range docs {
		s := &ruleSet{}
		if err := json.Unmarshal(doc.Data, s); err != nil {
			return nil, err
		}
		byUnit[s.Unit] = s
	}
	var out []*ruleSet // in the order of units
	for _, k := range keys {
		if s, ok := byUnit[k]; ok {
			out = append(out, s)
		}
	}
	return out, nil
}

// refreshRuleSet rewrites a unit's rule set after one of its rules changed; the caller holds the
// unit's rules lock.
func (a *App) refreshRuleSet(l *lookup, unit string) error {
	docs, _, err := l.docs.Find(store.Filter{Type: procura.TypeApprovalRule, Parents: []string{unit},
		States: []string{procura.StatusActive}, Limit: 10000, NoData: true})
	if err != nil {
		return err
	}
	next := &ruleSet{Unit: unit, Rules: []ruleVersion{}}
	for _, d := range docs {
		next.Rules = append(next.Rules, ruleVersion{ID: d.ID, Version: d.Version})
	}
	cur, doc, err := ruleSetKind.load(l, Ref{Key: unit})
	switch {
	case procura.ErrorCode(err) == procura.CodeResourceNotFound:
		next.Stamp(a.NewID(), a.Now())
		return ruleSetKind.insert(l.docs, next)
	case err != nil:
		return err
	}
	next.Base = cur.Base
	next.Touch(a.Now())
	return ruleSetKind.save(l.docs, next, doc.Version)
}

// startApproval creates, in the order's transaction, the approval flow of a new order when at
// least one Active rule of its unit (or inherited along ExplicitAndFromParent units) applies to
// the requester's roles and its predicate matches the order.
func (a *App) startApproval(l *lookup, o *procura.Order) (*storedFlow, error) {
	if o.BusinessUnit == nil || o.CustomerID == "" {
		return nil, nil
	}
	u, err := l.unitByKey(o.BusinessUnit.Key)
	if err != nil {
		return nil, err
	}
	chain, err := l.chain(u)
	if err != nil {
		return nil, err
	}
	roles := procura.RolesOf(o.CustomerID, chain)
	view := orderView(o)
	sets, err := l.ruleSets(procura.RuleChain(chain))
	if err != nil {
		return nil, err
	}
	var matched []procura.ApprovalRule
	for _, set := range sets {
		for _, doc := range set.Rules {
			ar, err := l.activeRule(doc)
			if err != nil {
				return nil, err
			}
			if ar.rule.AppliesTo(roles) && ar.pred.Eval(view) {
				matched = append(matched, ar.rule)
			}
		}
	}
	if len(matched) == 0 {
		return nil, nil
	}
	f := procura.NewApprovalFlow(procura.Reference{TypeID: procura.TypeOrder, ID: o.ID}, u.Key, matched, a.NewID(), a.Now())
	o.ApprovalStatus = f.Status
	return &storedFlow{ApprovalFlow: *f, Company: topLevel(chain), Requester: o.CustomerID, PlacedBy: o.PlacedBy()}, nil
}

// saveOrderAndFlow stores a new order, then the approval flow startApproval made for it (if any),
// whose first approvers it tells: the order is created first, as its messages say.
func (a *App) saveOrderAndFlow(l *lookup, o *procura.Order, f *storedFlow) error {
	if err := a.saveOrder(l, o, 0); err != nil || f == nil {
		return err
	}
	if err := flowKind.insert(l.docs, f); err != nil {
		return err
	}
	return a.notifyFlow(l, f, o, nil)
}

// orderView is the order as predicates see it.
func orderView(o *procura.Order) *predicate.Order {
	v := &predicate.Order{TotalPrice: money(o.TotalPrice), Currency: o.TotalPrice.CurrencyCode, Country: o.Country,
		CustomerID: o.CustomerID, CustomerEmail: o.CustomerEmail, PurchaseOrderNumber: o.PurchaseOrderNumber,
		ShippingAddress: address(o.ShippingAddress), BillingAddress: address(o.BillingAddress)}
	if o.BusinessUnit != nil {
		v.BusinessUnitKey = o.BusinessUnit.Key
	}
	if o.Store != nil {
		v.StoreKey = o.Store.Key
	}
	if o.Custom != nil {
		v.Custom = o.Custom.Fields
	}
	for _, li := range o.LineItems {
		attrs := map[string]any{}
		for _, at := range li.Variant.Attributes {
			attrs[at.Name] = at.Value
		}
		v.LineItems = append(v.LineItems, predicate.LineItem{SKU: li.Variant.SKU, ProductID: li.ProductID, ProductKey: li.ProductKey,
			Quantity: li.Quantity, Price: money(li.Price.Value), TotalPrice: money(li.TotalPrice), Attributes: attrs})
	}
	for _, x := range o.CustomLineItems {
		c := predicate.CustomLineItem{Slug: x.Slug, Name: x.Name, Quantity: x.Quantity, Money: money(x.Money), TotalPrice: money(x.TotalPrice)}
		if x.Custom != nil {
			c.Custom = x.Custom.Fields
		}
		v.CustomLineItems = append(v.CustomLineItems, c)
	}
	return v
}

func address(a *procura.Address) *predicate.Address {
	if a == nil {
		return nil
	}
	return &predicate.Address{Key: a.Key, Title: a.Title, Salutation: a.Salutation, FirstName: a.FirstName, LastName: a.LastName,
		StreetName: a.StreetName, StreetNumber: a.StreetNumber, AdditionalStreetInfo: a.AdditionalStreetInfo, PostalCode: a.PostalCode,
		City: a.City, Region: a.Region, State: a.State, Country: a.Country, Company: a.Company, Department: a.Department,
		Building: a.Building, Apartment: a.Apartment, POBox: a.POBox, Phone: a.Phone, Mobile: a.Mobile, Email: a.Email, Fax: a.Fax,
		AdditionalAddressInfo: a.AdditionalAddressInfo, ExternalID: a.ExternalID}
}

func money(m procura.Money) predicate.Money {
	return predicate.Money{CurrencyCode: m.CurrencyCode, CentAmount: m.CentAmount, FractionDigits: m.FractionDigits}
}

// GetApprovalFlow returns a flow of the path's unit (or any, for the seller).
func (a *App) GetApprovalFlow(ctx context.Context, c Caller, who Acting, r Ref) (*procura.ApprovalFlow, error) {
	var out *procura.ApprovalFlow
	err := a.read(ctx, c.ProjectKey, func(l *lookup) error {
		f, _, err := flowKind.load(l, r)
		if err != nil {
			return err
		}
		if err := checkInPath(l, c, who, f.BusinessUnit.Key, procura.ViewUnit, r); err != nil {
			return err
		}
		out = &f.ApprovalFlow
		return nil
	})
	return out, err
}

// QueryApprovalFlows pages through the flows of the path's unit (or all, for the seller), with
// where on status and order(id=…).
func (a *App) QueryApprovalFlows(ctx context.Context, c Caller, who Acting, q Query) (*Page, error) {
	return a.queryInUnit(ctx, c, who, q, procura.TypeApprovalFlow, "requester", "placedBy", "company")
}

// UpdateApprovalFlow approves or rejects a flow as the associate of the path: they need
// UpdateApprovalFlows in its unit and a role the flow still needs; the requester may not decide
// their own order unless the project allows it. The order's approvalStatus follows.
func (a *App) UpdateApprovalFlow(ctx context.Context, c Caller, who Acting, r Ref, u procura.Update) (*procura.ApprovalFlow, error) {
	var out *procura.ApprovalFlow
	err := a.write(ctx, c, func(l *lookup) error {
		p, err := l.project()
		if err != nil {
			return err
		}
		sf, doc, err := flowKind.load(l, r)
		if err != nil {
			return err
		}
		f := &sf.ApprovalFlow
		f.Restore()
		approver, err := a.approver(l, c, who, f, sf, p.Approvals.RequesterMayApprove)
		if err != nil {
			return err
		}
		if err := l.checkUpdate(doc, u); err != nil {
			return err
		}
		before := noticeOf(f)
		if err := applyActions(u, func(raw json.RawMessage) error {
			if err := procura.ActionAllowed(who.Kind, procura.TypeApprovalFlow, procura.ActionName(raw)); err != nil {
				return err
			}
			return f.Apply(raw, approver, a.Now())
		}); err != nil {
			return err
		}
		f.Touch(a.Now())
		if err := flowKind.save(l.docs, sf, doc.Version); err != nil {
			return err
		}
		out = f
		if f.Status != before.status {
			if err := a.setApprovalStatus(l, f.Order.ID, f.Status); err != nil {
				return err
			}
		}
		return a.notifyFlow(l, sf, nil, before)
	})
	return out, err
}

// approver checks who may act on a flow and returns them with their roles in its unit.
func (a *App) approver(l *lookup, c Caller, who Acting, f *procura.ApprovalFlow, sf *storedFlow, requesterMay bool) (procura.Approver, error) {
	if who.Kind == procura.AsSeller {
		return procura.Approver{}, procura.InvalidOperation("Approval flows are approved or rejected by associates, through the as-associate endpoints.")
	}
	if f.BusinessUnit.Key != who.UnitKey {
		return procura.Approver{}, procura.NotFound(f.ID)
	}
	_, ua, err := inUnit(l, c, who, procura.UpdateFlows)
	if err != nil {
		return procura.Approver{}, err
	}
	if (who.CustomerID == sf.Requester || who.CustomerID == sf.PlacedBy) && !requesterMay {
		return procura.Approver{}, procura.InvalidOperation("The associate whose order it is, or who placed the order, cannot approve or reject it (separation of duties).")
	}
	ap := procura.Approver{CustomerID: who.CustomerID}
	for _, key := range procura.RolesOf(who.CustomerID, ua.chain) {
		inh := procura.InheritanceEnabled
		if as := ua.unit.Associate(who.CustomerID); as != nil {
			for _, ra := range as.AssociateRoleAssignments {
				if ra.AssociateRole.Key == key {
					inh = ra.Inheritance
				}
			}
		}
		ap.Roles = append(ap.Roles, procura.AssociateRoleAssignment{AssociateRole: procura.KeyReference{TypeID: procura.TypeAssociateRole, Key: key}, Inheritance: inh})
	}
	return ap, nil
}

// setApprovalStatus records a flow's status on its order.
func (a *App) setApprovalStatus(l *lookup, orderID, status string) error {
	so, doc, err := orderKind.load(l, Ref{ID: orderID})
	if err != nil {
		return err
	}
	so.ApprovalStatus = status
	so.Touch(a.Now())
	return a.saveOrder(l, &so.Order, doc.Version)
}
