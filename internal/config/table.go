package config

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// notes say, for the README, more about a setting than its flag's help does. A setting without
// a note is documented by its help alone.
var notes = map[string]string{
	"max-body":                       "larger: 413",
	"login-max-failures":             "counted over 15 minutes",
	"login-max-address-failures":     "counted over 15 minutes",
	"anonymous-sessions-per-address": "sessions of `/oauth/{project}/anonymous/token`, counted over 15 minutes; beyond, the address waits (429) for `--login-lockout`",
	"login-lockout":                  "and so does a locked client address",
	"max-document-size":              "the 400 names the bound",
	"query-budget":                   "the 400 names the indexed fields",
	"recurring-interval":             "every node of one database may run it, each occurrence is placed once (decision 0033); 0 suits a node that only serves requests",
	"delivery-interval":              "every node of one database may run it, each attempt is claimed by one (decision 0037)",
	"delivery-backoff":               "up to 30 minutes",
	"webhook-allow-private":          "refused by default, so that a seller's URL cannot reach the operator's network",
	"smtp-host":                      "decision 0038",
	"smtp-user":                      "with the strongest mechanism the server offers",
	"smtp-from":                      "needed with `--smtp-host` or `--mail-dir`",
	"mail-dir":                       "`serve --demo` without SMTP uses `procura-demo-mail` in the temporary directory",
	"mail-interval":                  "every node may run it, each mail is claimed by one",
	"mail-attempts":                  "waiting 1, 2, 4 … minutes, at most an hour, between them; an SMTP server's permanent refusal fails a mail at once",
	"quote-expiry-interval":          "of their Pending quotes within the project's `quoteExpiringDays`; each quote is told of once across nodes",
	"admin-addr":                     "e.g. `127.0.0.1:9090`; see \"Metrics and logs\" (decision 0042)",
	"admin-allow-remote":             "the admin listener has no authentication and pprof shows the process's memory",
	"shutdown-delay":                 "behind a load balancer, at least its health check's interval times the failures it needs (docs/operations.md); a second signal stops at once",
	"trusted-proxies":                "from such a peer the client address is the right-most `X-Forwarded-For` entry that is not a trusted proxy",
}

// WriteTable writes the README's configuration table: every setting in the order of the settings
// table, with its flag, environment variable, default and meaning (its help, and its note).
func WriteTable(w io.Writer) {
	fmt.Fprintln(w, "| flag | environment | default | meaning |")
	fmt.Fprintln(w, "|---|---|---|---|")
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	d := Defaults()
	d.Register(fs, true)
	for _, s := range settings {
		_, help := flag.UnquoteUsage(fs.Lookup(s.flag))
		help = strings.TrimSuffix(help, fmt.Sprintf(" (env %s)", s.env))
		if n := notes[s.flag]; n != "" {
			help += "; " + n
		}
		if !s.server {
			help += "; taken by every command"
		}
		def := "none"
		if v := s.field(&d).String(); v != "" {
			def = "`" + v + "`"
		}
		fmt.Fprintf(w, "| `--%s` | `%s` | %s | %s |\n", s.flag, s.env, def, strings.ReplaceAll(help, "|", `\|`))
	}
}
