package procura

import (
	"encoding/json"
	"time"
)

type recurringOrderAction struct {
	Action                      string                  `json:"action"`
	Key                         *string                 `json:"key"`
	RecurringOrderState         *recurringStateDraft    `json:"recurringOrderState"`
	SkipConfigurationInputDraft *SkipConfigurationDraft `json:"skipConfigurationInputDraft"`
	UpdatedExpiresAt            *string                 `json:"updatedExpiresAt"`
	RecurrencePolicy            *ResourceIdentifier     `json:"recurrencePolicy"`
	StartsAt                    *string                 `json:"startsAt"`
	ExpiresAt                   *string                 `json:"expiresAt"`
	customAction
}

// recurringStateDraft is the state setRecurringOrderState asks for.
type recurringStateDraft struct {
	Type      string `json:"type"`
	ResumesAt string `json:"resumesAt,omitempty"`
	Reason    string `json:"reason,omitempty"`
}

// recurringOrderActions are the recurring order update actions and their fields.
var recurringOrderActions = withCustom(ActionFields{"setKey": {"key"}, "setRecurringOrderState": {"recurringOrderState"},
	"setOrderSkipConfiguration": {"skipConfigurationInputDraft", "updatedExpiresAt"}, "setSchedule": {"recurrencePolicy"},
	"setStartsAt": {"startsAt"}, "setExpiresAt": {"expiresAt"}})

// Apply applies one recurring order update action at now; policies finds the policy of
// setSchedule. A canceled or expired recurring order changes no more but for its key and custom
// fields.
func (r *RecurringOrder) Apply(raw json.RawMessage, now time.Time, policies RecurrencePolicies) error {
	var a recurringOrderAction
	if err := DecodeAction(raw, &a, recurringOrderActions); err != nil {
		return err
	}
	switch a.Action {
	case "setKey":
		return setKey(&r.Key, a.Key)
	case "setCustomType", "setCustomField":
		return a.customAction.apply(a.Action, &r.Custom)
	}
	if r.final() {
		return InvalidOperation("The recurring order is %s: it changes no more.", r.RecurringOrderState)
	}
	switch a.Action {
	case "setRecurringOrderState":
		return r.setState(a.RecurringOrderState, now)
	case "setOrderSkipConfiguration":
		if err := r.setSkips(a.SkipConfigurationInputDraft); err != nil {
			return err
		}
		if a.UpdatedExpiresAt != nil {
			return r.setExpiresAt(*a.UpdatedExpiresAt)
		}
	case "setSchedule":
		if err := a.RecurrencePolicy.Check("recurrencePolicy", TypeRecurrencePolicy); err != nil {
			return err
		}
		p, err := policies.RecurrencePolicy("recurrencePolicy", *a.RecurrencePolicy)
		if err != nil {
			return err
		}
		r.Schedule = p.Schedule
		r.upcoming(now)
	case "setStartsAt":
		if a.StartsAt == nil {
			return RequiredField("startsAt")
		}
		t, err := optionalTime("startsAt", *a.StartsAt, now)
		if err != nil {
			return err
		}
		r.StartsAt = FormatTime(t)
		if r.ExpiresAt != "" && !at(r.ExpiresAt).After(t) {
			return InvalidInput("startsAt (%s) must be before expiresAt (%s).", *a.StartsAt, r.ExpiresAt)
		}
		r.upcoming(now)
	case "setExpiresAt":
		return r.setExpiresAt(deref(a.ExpiresAt))
	}
	return nil
}

// setState applies setRecurringOrderState: paused stops the orders (until resumesAt when active
// names a later time), active resumes them from the next occurrence on, canceled and expired end
// them for good.
func (r *RecurringOrder) setState(d *recurringStateDraft, now time.Time) error {
	if d == nil {
		return RequiredField("recurringOrderState")
	}
	switch d.Type {
	case "paused":
		r.RecurringOrderState, r.ResumesAt = RecurringPaused, ""
	case "active":
		resume, err := optionalTime("recurringOrderState.resumesAt", d.ResumesAt, now)
		if err != nil {
			return err
		}
		if resume.After(now) {
			r.RecurringOrderState, r.ResumesAt = RecurringPaused, FormatTime(resume)
			return nil
		}
		r.RecurringOrderState, r.ResumesAt = RecurringActive, ""
		r.upcoming(now)
	case "canceled", "expired":
		r.RecurringOrderState, r.ResumesAt, r.NextOrderAt = RecurringCanceled, "", ""
		if d.Type == "expired" {
			r.RecurringOrderState = RecurringExpired
		}
	default:
		return InvalidField("recurringOrderState.type", d.Type, "active", "paused", "canceled", "expired")
	}
	return nil
}

// setSkips sets or (no draft) removes the skip configuration.
func (r *RecurringOrder) setSkips(d *SkipConfigurationDraft) error {
	if d == nil {
		r.SkipConfiguration = nil
		return nil
	}
	if err := checkOneOf("skipConfigurationInputDraft.type", d.Type, "Counter"); err != nil {
		return err
	}
	if d.TotalToSkip < 1 || d.TotalToSkip > MaxSkips {
		return InvalidInput("skipConfigurationInputDraft.totalToSkip must be between 1 and %d; it is %d.", MaxSkips, d.TotalToSkip)
	}
	r.SkipConfiguration = &SkipConfiguration{Type: "Counter", TotalToSkip: d.TotalToSkip}
	return nil
}
