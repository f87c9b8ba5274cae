package procura

import (
	"encoding/json"
	"time"
)

// TypeRecurrencePolicy is the type id of recurrence policies.
const TypeRecurrencePolicy = "recurrence-policy"

// RecurrencePolicy is a schedule the seller offers for recurring orders ("every 2 weeks").
type RecurrencePolicy struct {
	Base
	Key         string          `json:"key"`
	Name        LocalizedString `json:"name,omitempty"`
	Description LocalizedString `json:"description,omitempty"`
	Schedule    Schedule        `json:"schedule"`
}

// RecurrencePolicyDraft creates a recurrence policy.
type RecurrencePolicyDraft struct {
	Key         string          `json:"key"`
	Name        LocalizedString `json:"name,omitempty"`
	Description LocalizedString `json:"description,omitempty"`
	Schedule    *Schedule       `json:"schedule"`
}

// Schedule says when a recurring order repeats: every Value IntervalUnit ("standard"), or on
// one Day of every month ("dayOfMonth"; the last day of a shorter month).
type Schedule struct {
	Type         string `json:"type"`
	Value        int    `json:"value,omitempty"`
	IntervalUnit string `json:"intervalUnit,omitempty"`
	Day          int    `json:"day,omitempty"`
}

// MaxScheduleValue bounds a standard schedule's interval (in its unit).
const MaxScheduleValue = 1000

// check validates a schedule draft.
func (s *Schedule) check(field string) error {
	if s == nil || s.Type == "" {
		return RequiredField(field)
	}
	switch s.Type {
	case "standard":
		if s.Day != 0 {
			return InvalidInput("%s: a standard schedule has no day.", field)
		}
		if s.Value < 1 || s.Value > MaxScheduleValue {
			return InvalidInput("%s.value must be between 1 and %d; it is %d.", field, MaxScheduleValue, s.Value)
		}
		return checkOneOf(field+".intervalUnit", s.IntervalUnit, "Days", "Weeks", "Months")
	case "dayOfMonth":
		if s.Value != 0 || s.IntervalUnit != "" {
			return InvalidInput("%s: a dayOfMonth schedule has no value nor intervalUnit.", field)
		}
		if s.Day < 1 || s.Day > 31 {
			return InvalidInput("%s.day must be between 1 and 31; it is %d.", field, s.Day)
		}
		return nil
	}
	return InvalidField(field+".type", s.Type, "standard", "dayOfMonth")
}

// First is the schedule's first occurrence at or after start: start itself for a standard
// schedule, the first of its days of the month from start on (at start's time of day).
func (s Schedule) First(start time.Time) time.Time {
	if s.Type != "dayOfMonth" {
		return start
	}
	if t := s.dayIn(start, 0); !t.Before(start) {
		return t
	}
	return s.dayIn(start, 1)
}

// Next is the occurrence after t, an occurrence of the schedule; monthly intervals keep the day
// of the month of start (or the month's last day), so that a short month does not shift them.
func (s Schedule) Next(t, start time.Time) time.Time {
	switch {
	case s.Type == "dayOfMonth":
		return s.dayIn(t, 1)
	case s.IntervalUnit == "Days":
		return t.AddDate(0, 0, s.Value)
	case s.IntervalUnit == "Weeks":
		return t.AddDate(0, 0, 7*s.Value)
	}
	return addMonths(t, s.Value, start.Day())
}

// dayIn is the schedule's day in the month months after t's, at t's time of day.
func (s Schedule) dayIn(t time.Time, months int) time.Time {
	return addMonths(t, months, s.Day)
}

// addMonths is t moved by months to the given day of that month, or its last day when shorter.
func addMonths(t time.Time, months, day int) time.Time {
	first := time.Date(t.Year(), t.Month()+time.Month(months), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(day, last)-1)
}

// NewRecurrencePolicy validates d and builds the policy.
func NewRecurrencePolicy(d RecurrencePolicyDraft, id string, now time.Time) (*RecurrencePolicy, error) {
	if err := CheckKey("key", d.Key); err != nil {
		return nil, err
	}
	if err := d.Schedule.check("schedule"); err != nil {
		return nil, err
	}
	p := &RecurrencePolicy{Key: d.Key, Name: d.Name, Description: d.Description, Schedule: *d.Schedule}
	p.Stamp(id, now)
	return p, nil
}

type recurrencePolicyAction struct {
	Action      string          `json:"action"`
	Key         *string         `json:"key"`
	Name        LocalizedString `json:"name"`
	Description LocalizedString `json:"description"`
	Schedule    *Schedule       `json:"schedule"`
}

// recurrencePolicyActions are the recurrence policy update actions and their fields.
var recurrencePolicyActions = ActionFields{"setKey": {"key"}, "setName": {"name"},
	"setDescription": {"description"}, "setSchedule": {"schedule"}}

// Apply applies one recurrence policy update action: setKey (a policy always has a key),
// setName, setDescription, setSchedule. A new schedule applies to the recurring orders that
// choose the policy from then on; those made before keep theirs.
func (p *RecurrencePolicy) Apply(raw json.RawMessage) error {
	var a recurrencePolicyAction
	if err := DecodeAction(raw, &a, recurrencePolicyActions); err != nil {
		return err
	}
	switch a.Action {
	case "setKey":
		if err := CheckKey("key", deref(a.Key)); err != nil {
			return err
		}
		p.Key = *a.Key
	case "setName":
		p.Name = a.Name
	case "setDescription":
		p.Description = a.Description
	case "setSchedule":
		if err := a.Schedule.check("schedule"); err != nil {
			return err
		}
		p.Schedule = *a.Schedule
	}
	return nil
}
