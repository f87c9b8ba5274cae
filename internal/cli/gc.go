package cli

import "runtime/debug"

// A node keeps little and allocates briskly: under the load harness its live heap was about
// 7 MB while it allocated for every request, so at Go's default target (GOGC=100) the collector
// ran after every few megabytes and took a tenth to a fifth of the node's CPU. serve therefore
// lets the heap grow to five times what is live before collecting (docs/decisions/0059), unless
// the operator chose a target with GOGC; GOMEMLIMIT, when set, still caps the heap.
const serveGCPercent = 400

// tuneGC sets the collector's target for serving unless GOGC is set, and reports whether it did.
func tuneGC(getenv func(string) string) bool {
	if getenv("GOGC") != "" {
		return false
	}
	debug.SetGCPercent(serveGCPercent)
	return true
}
