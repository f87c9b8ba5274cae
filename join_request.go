package procura

import (
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// Join policies of a Company (a Procura extension): how a customer who names the company at
// sign-up can become its associate.
const (
	JoinClosed      = "Closed"      // only by invitation (an associate adds them)
	JoinEmailDomain = "EmailDomain" // automatically once their email, in an allowed domain, is verified
	JoinApproval    = "Approval"    // after an associate with UpdateAssociates accepts their request
)

// Join request states.
const (
	JoinAwaitingEmailVerification = "AwaitingEmailVerification"
	JoinPending                   = "Pending"
	JoinAccepted                  = "Accepted"
	JoinDeclined                  = "Declined"
)

// TypeJoinRequest is the type id of join requests.
const TypeJoinRequest = "business-unit-join-request"

// JoinRequest is a customer's request to become an associate of a company.
type JoinRequest struct {
	Base
	BusinessUnit KeyReference `json:"businessUnit"`
	Customer     Reference    `json:"customer"`
	Email        string       `json:"email"`
	State        string       `json:"state"`
	DecidedBy    *Reference   `json:"decidedBy,omitempty"`
	Reason       string       `json:"reason,omitempty"`
}

// JoinSettings are a Company's join policy fields.
type JoinSettings struct {
	JoinPolicy           string        `json:"joinPolicy,omitempty"`
	AllowedEmailDomains  []string      `json:"allowedEmailDomains,omitempty"`
	DefaultAssociateRole *KeyReference `json:"defaultAssociateRole,omitempty"`
}

// setJoinPolicy validates and sets the join settings of a Company.
func (u *BusinessUnit) setJoinPolicy(policy string, domains []string, role *ResourceIdentifier, l Lookup) error {
	if u.UnitType != UnitTypeCompany {
		return InvalidOperation("Only a Company has a join policy; '%s' is a Division.", u.Key)
	}
	policy = or(policy, JoinClosed)
	if err := checkOneOf("joinPolicy", policy, JoinClosed, JoinEmailDomain, JoinApproval); err != nil {
		return err
	}
	if policy == JoinClosed {
		u.JoinSettings = JoinSettings{JoinPolicy: JoinClosed}
		return nil
	}
	if role == nil {
		return RequiredField("defaultAssociateRole")
	}
	if err := role.Check("defaultAssociateRole", TypeAssociateRole); err != nil {
		return err
	}
	r, err := l.Role("defaultAssociateRole", *role)
	if err != nil {
		return err
	}
	clean := []string{}
	for _, d := range domains {
		d = strings.TrimSpace(d)
		ascii, err := CanonicalDomain(d)
		if err != nil || strings.ContainsAny(d, "@ ") || !strings.Contains(ascii, ".") {
			return InvalidField("allowedEmailDomains", d)
		}
		if !slices.Contains(clean, ascii) {
			clean = append(clean, ascii)
		}
	}
	if policy == JoinEmailDomain && len(clean) == 0 {
		return RequiredField("allowedEmailDomains")
	}
	if policy == JoinApproval {
		clean = nil
	}
	u.JoinSettings = JoinSettings{JoinPolicy: policy, AllowedEmailDomains: clean,
		DefaultAssociateRole: &KeyReference{TypeID: TypeAssociateRole, Key: r.Key}}
	return nil
}

// NewJoinRequest checks that u accepts a request from a customer with email and returns it:
// Pending under Approval, AwaitingEmailVerification under EmailDomain (the email's domain must be
// allowed). A Closed company, a Division or an Inactive unit refuses with InvalidOperation.
func NewJoinRequest(u *BusinessUnit, customer Reference, email, id string, now time.Time) (*JoinRequest, error) {
	if u.UnitType != UnitTypeCompany {
		return nil, InvalidInput("Customers join a Company; '%s' is a Division.", u.Key)
	}
	if u.Status != StatusActive {
		return nil, InvalidOperation("The company '%s' is Inactive.", u.Key)
	}
	jr := &JoinRequest{BusinessUnit: KeyReference{TypeID: TypeBusinessUnit, Key: u.Key}, Customer: customer, Email: email}
	switch u.JoinPolicy {
	case JoinApproval:
		jr.State = JoinPending
	case JoinEmailDomain:
		if !u.AllowsEmail(email) {
			return nil, InvalidOperation("The company '%s' accepts sign-ups only from its own email domains.", u.Key)
		}
		jr.State = JoinAwaitingEmailVerification
	default:
		return nil, InvalidOperation("The company '%s' does not accept sign-ups: ask one of its associates for an invitation.", u.Key)
	}
	jr.Stamp(id, now)
	return jr, nil
}

// AllowsEmail reports whether email's domain is one of the company's allowed domains. Both are
// compared in their IDNA ASCII form (see CanonicalDomain), so "bücher.example" allows
// "ann@xn--bcher-kva.example" and a look-alike in another script allows nothing.
func (u *BusinessUnit) AllowsEmail(email string) bool {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return false
	}
	domain, err := CanonicalDomain(strings.TrimSpace(email[at+1:]))
	if err != nil {
		return false
	}
	return slices.ContainsFunc(u.AllowedEmailDomains, func(allowed string) bool {
		a, err := CanonicalDomain(allowed)
		return err == nil && a == domain
	})
}

// JoinDecision is an update action on a join request: accept (with the roles to give; by default
// the company's defaultAssociateRole) or decline (with a reason).
type JoinDecision struct {
	Action                   string            `json:"action"`
	AssociateRoleAssignments []AssignmentDraft `json:"associateRoleAssignments,omitempty"`
	Reason                   string            `json:"reason,omitempty"`
}

// Decide applies an accept or decline decision by decider. It returns the associate to add when
// the request is accepted. Only Pending requests can be decided.
func (jr *JoinRequest) Decide(raw json.RawMessage, u *BusinessUnit, decider Reference) (*AssociateDraft, error) {
	var d JoinDecision
	if err := DecodeAction(raw, &d, joinDecisionActions); err != nil {
		return nil, err
	}
	if d.Action != "accept" && d.Action != "decline" {
		return nil, UnknownAction(d.Action)
	}
	if jr.State != JoinPending {
		return nil, InvalidOperation("The join request is %s: only a Pending request can be decided.", jr.State)
	}
	jr.DecidedBy = &decider
	if d.Action == "decline" {
		jr.State, jr.Reason = JoinDeclined, d.Reason
		return nil, nil
	}
	jr.State = JoinAccepted
	return jr.associate(u, d.AssociateRoleAssignments)
}

// associate is the associate a granted request adds: with the given roles, or the company's
// defaultAssociateRole (inheritance Disabled: least privilege).
func (jr *JoinRequest) associate(u *BusinessUnit, roles []AssignmentDraft) (*AssociateDraft, error) {
	if len(roles) == 0 {
		if u.DefaultAssociateRole == nil {
			return nil, RequiredField("associateRoleAssignments")
		}
		roles = []AssignmentDraft{{AssociateRole: &ResourceIdentifier{Key: u.DefaultAssociateRole.Key}, Inheritance: InheritanceDisabled}}
	}
	return &AssociateDraft{Customer: &ResourceIdentifier{TypeID: TypeCustomer, ID: jr.Customer.ID}, AssociateRoleAssignments: roles}, nil
}

// EmailVerified settles a request awaiting the customer's email verification, now that verified
// is: accepted with the default role when the company still admits that address's domain, else
// declined. The domain checked is the verified address's, not the one the request was made
// with: a customer may have changed their email since.
func (jr *JoinRequest) EmailVerified(u *BusinessUnit, verified string) (*AssociateDraft, error) {
	if jr.State != JoinAwaitingEmailVerification {
		return nil, nil
	}
	if u.JoinPolicy != JoinEmailDomain || !u.AllowsEmail(verified) || u.Status != StatusActive {
		jr.State, jr.Reason = JoinDeclined, "The company no longer admits this email domain."
		return nil, nil
	}
	jr.State = JoinAccepted
	return jr.associate(u, nil)
}

// joinDecisionActions are the update actions of a join request and their fields.
var joinDecisionActions = ActionFields{"accept": {"associateRoleAssignments"}, "decline": {"reason"}}
