package store

// Gauges are counts across every project that the metrics read at each scrape: what waits in
// the outboxes, and the approval flows by project and state. Each is one indexed count.
type Gauges struct {
	DeliveriesDue  int64 // pending deliveries whose time has come
	DeliveriesDead int64 // dead-lettered deliveries the outbox still keeps
	MailsPending   int64 // mails waiting to be sent, or being sent
	ApprovalFlows  []StateCount
}

// StateCount is how many documents of one project are in one state.
type StateCount struct {
	Project, State string
	Count          int64
}
