package procura

// noState refuses a draft's state on the negotiation resources: Procura's workflow states (the
// States resource) apply to orders, their line items and payments, not yet to quotes.
func noState(state *ResourceIdentifier) error {
	if state != nil {
		return Unsupported("state", state, "workflow states of quote requests, staged quotes and quotes")
	}
	return nil
}

// The states of the negotiation resources and the one table of their transitions. Every state
// change of a quote request, a staged quote or a quote goes through Transition, so the table below
// is the whole truth; quote_states_test.go checks every state against every action.

// Quote request states.
const (
	QuoteRequestSubmitted = "Submitted"
	QuoteRequestAccepted  = "Accepted"
	QuoteRequestClosed    = "Closed"
	QuoteRequestRejected  = "Rejected"
	QuoteRequestCancelled = "Cancelled"
)

// Staged quote states.
const (
	StagedQuoteInProgress = "InProgress"
	StagedQuoteSent       = "Sent"
	StagedQuoteClosed     = "Closed"
)

// Quote states.
const (
	QuotePending                  = "Pending"
	QuoteDeclined                 = "Declined"
	QuoteDeclinedForRenegotiation = "DeclinedForRenegotiation"
	QuoteRenegotiationAddressed   = "RenegotiationAddressed"
	QuoteAccepted                 = "Accepted"
	QuoteWithdrawn                = "Withdrawn"
)

// The actions that change states. The seller sets states directly (change…State); buyers accept,
// decline, cancel and ask to renegotiate; the system closes and addresses.
const (
	ActSellerSets  = "sellerSets"  // changeQuoteRequestState, changeStagedQuoteState, changeQuoteState
	ActCancel      = "cancel"      // the buyer cancels a quote request
	ActAccept      = "accept"      // the buyer accepts a quote (or orders it with quoteStateToAccepted)
	ActDecline     = "decline"     // the buyer declines a quote
	ActRenegotiate = "renegotiate" // the buyer asks for a new offer
	ActAddress     = "address"     // a new quote is sent for a request whose quote awaits renegotiation
	ActOrder       = "order"       // an order is made from the quote
)

// Transition is one allowed state change.
type Transition struct{ Resource, From, Action, To string }

// Transitions is the state table: nothing else is allowed.
var Transitions = []Transition{
	{"quote-request", QuoteRequestSubmitted, ActSellerSets, QuoteRequestAccepted},
	{"quote-request", QuoteRequestSubmitted, ActSellerSets, QuoteRequestRejected},
	{"quote-request", QuoteRequestSubmitted, ActSellerSets, QuoteRequestClosed},
	{"quote-request", QuoteRequestSubmitted, ActCancel, QuoteRequestCancelled},
	{"quote-request", QuoteRequestAccepted, ActSellerSets, QuoteRequestClosed},

	{"staged-quote", StagedQuoteInProgress, ActSellerSets, StagedQuoteSent},
	{"staged-quote", StagedQuoteInProgress, ActSellerSets, StagedQuoteClosed},
	{"staged-quote", StagedQuoteSent, ActSellerSets, StagedQuoteInProgress}, // reopened to answer a renegotiation
	{"staged-quote", StagedQuoteSent, ActSellerSets, StagedQuoteClosed},

	{"quote", QuotePending, ActAccept, QuoteAccepted},
	{"quote", QuotePending, ActDecline, QuoteDeclined},
	{"quote", QuotePending, ActRenegotiate, QuoteDeclinedForRenegotiation},
	{"quote", QuotePending, ActOrder, QuoteAccepted},
	{"quote", QuoteAccepted, ActOrder, QuoteAccepted},
	{"quote", QuotePending, ActSellerSets, QuoteAccepted},
	{"quote", QuotePending, ActSellerSets, QuoteDeclined},
	{"quote", QuotePending, ActSellerSets, QuoteWithdrawn},
	{"quote", QuoteDeclinedForRenegotiation, ActAddress, QuoteRenegotiationAddressed},
	{"quote", QuoteDeclinedForRenegotiation, ActSellerSets, QuoteRenegotiationAddressed},
	{"quote", QuoteDeclinedForRenegotiation, ActSellerSets, QuoteWithdrawn},
}

// States lists each resource's states.
var States = map[string][]string{
	"quote-request": {QuoteRequestSubmitted, QuoteRequestAccepted, QuoteRequestClosed, QuoteRequestRejected, QuoteRequestCancelled},
	"staged-quote":  {StagedQuoteInProgress, StagedQuoteSent, StagedQuoteClosed},
	"quote":         {QuotePending, QuoteDeclined, QuoteDeclinedForRenegotiation, QuoteRenegotiationAddressed, QuoteAccepted, QuoteWithdrawn},
}

// Transition checks that the action may take resource from state from to state to. to must be one
// of the resource's states (else InvalidField); a change the table lacks is InvalidOperation
// naming the current state.
func CheckTransition(resource, from, action, to string) error {
	if err := checkOneOf(resource+"State", to, States[resource]...); err != nil {
		return err
	}
	for _, t := range Transitions {
		if t.Resource == resource && t.From == from && t.Action == action && t.To == to {
			return nil
		}
	}
	return InvalidOperation("The %s is %s: it cannot become %s that way.", resource, from, to)
}
