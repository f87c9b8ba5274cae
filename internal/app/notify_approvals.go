package app

import (
	"cmp"
	"slices"

	"github.com/procura/procura"
)

// flowNotice is what a flow was before a change: its status and its rules' current tiers.
type flowNotice struct {
	status string
	tiers  []int
}

func noticeOf(f *procura.ApprovalFlow) *flowNotice {
	return &flowNotice{status: f.Status, tiers: f.CurrentTiers()}
}

// notifyFlow tells who must hear of a flow just created (before: nil) or changed, in its
// transaction: the requester when the change decided it, else the approvers of each tier that
// has just become current, and no one else (seed 001). o is the flow's order (nil: loaded).
func (a *App) notifyFlow(l *lookup, sf *storedFlow, o *procura.Order, before *flowNotice) error {
	f := &sf.ApprovalFlow
	if before != nil && before.status != procura.FlowPending {
		return nil
	}
	if o == nil {
		so, _, err := orderKind.load(l, Ref{ID: f.Order.ID})
		if err != nil {
			return err
		}
		o = &so.Order
	}
	d := procura.NotificationData{OrderID: o.ID, OrderNumber: cmp.Or(o.OrderNumber, o.ID), Total: shownMoney(o.TotalPrice)}
	switch f.Status {
	case procura.FlowApproved:
		return a.notifyCustomers(l, procura.NotifyApprovalApproved, d, "", sf.Requester)
	case procura.FlowRejected:
		if f.Rejection != nil {
			d.Reason = f.Rejection.Reason
		}
		return a.notifyCustomers(l, procura.NotifyApprovalRejected, d, "", sf.Requester)
	}
	var tiers []int
	if before != nil {
		tiers = before.tiers
	}
	roles := f.NewlyCurrentRoles(tiers)
	if len(roles) == 0 {
		return nil
	}
	ids, u, err := deciders(l, sf, roles)
	if err != nil {
		return err
	}
	d.Unit = u.Name
	return a.notifyCustomers(l, procura.NotifyApprovalPending, d, "", ids...)
}

// deciders returns the associates of a flow's unit (explicit or inherited) who hold one of roles
// there and may decide the flow (not its requester nor who placed the order, unless the project
// allows it), and the unit.
func deciders(l *lookup, sf *storedFlow, roles []string) ([]string, *procura.BusinessUnit, error) {
	u, err := l.unitByKey(sf.BusinessUnit.Key)
	if err != nil {
		return nil, nil, err
	}
	chain, err := l.chain(u)
	if err != nil {
		return nil, nil, err
	}
	p, err := l.project()
	if err != nil {
		return nil, nil, err
	}
	ids := procura.Holders(roles, chain)
	if !p.Approvals.RequesterMayApprove { // they could not approve it: separation of duties
		ids = slices.DeleteFunc(ids, func(id string) bool { return id == sf.Requester || id == sf.PlacedBy })
	}
	return ids, u, nil
}
