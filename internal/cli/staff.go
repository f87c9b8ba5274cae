package cli

import (
	"bufio"
	"strings"

	"github.com/procura/procura/internal/config"
)

// staffCreate creates a member of the seller's staff (decision 0053). The password is the first
// line of stdin with --password-stdin, else generated and printed once.
func staffCreate(e env, args []string) error {
	var cfg config.Config
	fs, err := flags(e, "staff create", &cfg, false)
	if err != nil {
		return err
	}
	email := fs.String("email", "", "the member's email, with which they sign in (required)")
	role := fs.String("role", "", "admin, sales, support or viewer (required)")
	project := fs.String("project", "", "the key of the only project they work in (default: every project)")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of stdin (default: generate one and print it once)")
	pos, err := parse(e, fs, args, &cfg)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return usagef("staff create takes no positional arguments")
	case *email == "":
		return usagef("staff create needs --email")
	case *role == "":
		return usagef("staff create needs --role")
	}
	password := ""
	if *fromStdin {
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if password = strings.TrimRight(line, "\r\n"); password == "" && err != nil {
			return usagef("staff create --password-stdin read no password")
		}
	}
	a, done, err := openApp(e, cfg)
	if err != nil {
		return err
	}
	defer done()
	m, err := a.CreateStaff(e.ctx, *email, *role, *project, password)
	if err != nil {
		return err
	}
	return printJSON(e.stdout, m)
}

// staffList prints the staff, without their passwords' hashes.
func staffList(e env, args []string) error {
	var cfg config.Config
	fs, err := flags(e, "staff list", &cfg, false)
	if err != nil {
		return err
	}
	if pos, err := parse(e, fs, args, &cfg); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("staff list takes no arguments")
	}
	a, done, err := openApp(e, cfg)
	if err != nil {
		return err
	}
	defer done()
	list, err := a.ListStaff(e.ctx)
	if err != nil {
		return err
	}
	return printJSON(e.stdout, list)
}

// staffRemove removes a member of the staff; their dashboard sessions end with it.
func staffRemove(e env, args []string) error {
	var cfg config.Config
	fs, err := flags(e, "staff remove", &cfg, false)
	if err != nil {
		return err
	}
	email := fs.String("email", "", "the member's email (required)")
	pos, err := parse(e, fs, args, &cfg)
	switch {
	case err != nil:
		return err
	case len(pos) > 0:
		return usagef("staff remove takes no positional arguments")
	case *email == "":
		return usagef("staff remove needs --email")
	}
	a, done, err := openApp(e, cfg)
	if err != nil {
		return err
	}
	defer done()
	return a.RemoveStaff(e.ctx, *email)
}
