package app

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// maxAwaiting bounds the pending flows of a company an inbox looks through.
const maxAwaiting = 200

// ApprovalsAwaiting lists, newest first, the pending approval flows of the company of c's unit
// that await c's customer: those whose current tier needs a role they hold in the flow's unit
// and that they may decide, exactly whom the approvalPending notification goes to
// (notify_approvals.go). A caller acting for no unit has none.
func (a *App) ApprovalsAwaiting(ctx context.Context, c Caller) ([]*procura.ApprovalFlow, error) {
	out := []*procura.ApprovalFlow{}
	if c.BusinessUnit == "" || c.CustomerID == "" {
		return out, nil
	}
	err := a.read(ctx, c.ProjectKey, func(l *lookup) error {
		if err := a.checkBinding(l.tx, c); err != nil {
			return err
		}
		bound, err := l.unitRef(Ref{Key: c.BusinessUnit})
		if err != nil {
			return err
		}
		docs, _, err := l.docs.Find(store.Filter{Type: procura.TypeApprovalFlow, Group: bound.TopLevelUnit.Key,
			States: []string{procura.FlowPending}, Limit: maxAwaiting})
		if err != nil {
			return err
		}
		for _, doc := range docs {
			sf := &storedFlow{}
			if err := json.Unmarshal(doc.Data, sf); err != nil {
				return err
			}
			sf.Restore()
			ids, _, err := deciders(l, sf, sf.NewlyCurrentRoles(nil))
			if err != nil {
				return err
			}
			if slices.Contains(ids, c.CustomerID) {
				out = append(out, &sf.ApprovalFlow)
			}
		}
		return nil
	})
	return out, err
}
