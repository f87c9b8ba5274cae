// Package cli is Procura's command line: serve, migrate, project, api-client, staff, mails, healthcheck,
// version, help.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/procura/procura/internal/config"
)

// Version and Revision may be set at build time (-ldflags "-X
// github.com/procura/procura/internal/cli.Version=v1.2.3 -X …cli.Revision=abc123"); where they
// are not, they come from what the Go toolchain recorded in the binary (buildVersion).
var Version, Revision string

func init() {
	info, _ := debug.ReadBuildInfo()
	Version, Revision = buildVersion(Version, Revision, info)
}

// env is what a command runs with.
type env struct {
	ctx            context.Context
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

// command is one subcommand.
type command struct {
	name, args, help string
	run              func(e env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "[--demo]", "migrate the database, then serve the API", serve},
		{"migrate", "", "apply the database migrations and exit", migrate},
		{"project create", "KEY [--name NAME]", "create a project (tenant); prints it as JSON", projectCreate},
		{"api-client create", `--project KEY --scope "SCOPES" [--id ID] [--secret SECRET]`, "create an API client; prints {id, secret, scope}", apiClientCreate},
		{"staff create", "--email EMAIL --role ROLE [--project KEY] [--password-stdin]", "create a member of the seller's staff for the dashboard; prints them, with a generated password once", staffCreate},
		{"staff list", "", "list the seller's staff as JSON", staffList},
		{"staff remove", "--email EMAIL", "remove a member of the seller's staff and end their dashboard sessions at once", staffRemove},
		{"backup", "--to FILE", "copy the SQLite database while servers may be writing to it; for PostgreSQL print the pg_dump command", backup},
		{"restore", "--from FILE [--force]", "replace the SQLite database, which no server may have open, by a backup", restore},
		{"mails", "--project KEY [--limit N]", "list a project's latest mails in the outbox, newest first, with how their sending went", mails},
		{"healthcheck", "[--addr HOST:PORT]", "ask a node's /readyz whether it is ready: exit 0 if so, 1 if not (for container health checks)", healthcheck},
		{"version", "", "print the version, the source revision and the Go release it was built with", version},
		{"help", "[COMMAND]", "print this help, or a command's (the same as 'procura COMMAND -h')", nil},
	}
}

// usageError is a mistake in the command line: exit code 2. cmd, when known, is the command
// whose help tells how to use it.
type usageError struct{ msg, cmd string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{msg: fmt.Sprintf(format, args...)} }

// Main runs the command line and returns the exit code: 0 success, 1 failure, 2 bad usage.
func Main(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	err := dispatch(e, args)
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "procura: %s (see 'procura help%s')\n", ue.msg, strings.TrimRight(" "+ue.cmd, " "))
		return 2
	default:
		fmt.Fprintf(stderr, "procura: %v\n", err)
		return 1
	}
}

func dispatch(e env, args []string) error {
	switch {
	case len(args) == 0 || len(args) == 1 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help"):
		printHelp(e.stdout)
		return nil
	case args[0] == "--version" || args[0] == "-version":
		return version(e, args[1:])
	case args[0] == "help": // help TOPIC prints what TOPIC -h prints
		c, _, err := find(args[1:])
		if err != nil {
			return err
		}
		return c.run(e, []string{"-h"})
	}
	c, rest, err := find(args)
	if err != nil {
		return err
	}
	return c.run(e, rest)
}

// find returns the command args name and the arguments after its name.
func find(args []string) (command, []string, error) {
	for _, c := range commands() {
		words := strings.Fields(c.name)
		if len(args) >= len(words) && strings.Join(args[:len(words)], " ") == c.name && c.run != nil {
			return c, args[len(words):], nil
		}
	}
	if len(args) > 0 && (args[0] == "project" || args[0] == "api-client" || args[0] == "staff") {
		return command{}, nil, usagef("unknown command %q: did you mean '%s create'?", strings.Join(args, " "), args[0])
	}
	return command{}, nil, usagef("unknown command %q", strings.Join(args, " "))
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "procura: a self-hosted B2B commerce backend, wire-compatible with the commercetools B2B API.")
	fmt.Fprintln(w, "\nUsage:")
	for _, c := range commands() {
		fmt.Fprintf(w, "%s\n      %s\n", strings.TrimRight(fmt.Sprintf("  procura %-18s %s", c.name, c.args), " "), c.help)
	}
	fmt.Fprintln(w, "\nEvery command but healthcheck and version takes --db (env PROCURA_DB, default sqlite:procura.db).")
	fmt.Fprintln(w, "'procura help COMMAND' or 'procura COMMAND -h' lists a command's flags. Flags win over environment, environment over defaults.")
	fmt.Fprintln(w, "'procura --version' prints the version.")
}

// newFlagSet returns an empty flag set of the command name that reports errors in one line
// (parse) rather than printing them.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {} // errors are reported in one line; -h prints the flags (parse)
	return fs
}

// flags returns a flag set for a command, with the settings it has registered on cfg.
func flags(e env, name string, cfg *config.Config, server bool) (*flag.FlagSet, error) {
	c, err := config.FromEnv(e.getenv)
	if err != nil {
		return nil, usagef("%v", err)
	}
	*cfg = c
	fs := newFlagSet(name)
	cfg.Register(fs, server)
	return fs, nil
}

// parse parses flags and positional arguments in any order, then validates the settings.
func parse(e env, fs *flag.FlagSet, args []string, cfg *config.Config) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				printUsage(e.stdout, fs)
				return nil, err
			}
			return nil, &usageError{msg: fmt.Sprintf("%s: %v", fs.Name(), err), cmd: fs.Name()}
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if err := cfg.Validate(); err != nil {
		return nil, usagef("%v", err)
	}
	return positional, nil
}

// printUsage prints the help of the command fs belongs to: its arguments, what it does, its
// flags. 'procura help COMMAND' and 'procura COMMAND -h' both print it.
func printUsage(w io.Writer, fs *flag.FlagSet) {
	for _, c := range commands() {
		if c.name == fs.Name() {
			fmt.Fprintf(w, "Usage: %s\n\n%s.\n", strings.TrimSpace("procura "+c.name+" "+c.args), c.help)
		}
	}
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprintln(w, "\nFlags (one that names an environment variable is also read from it; the flag wins):")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func version(e env, args []string) error {
	cfg := config.Defaults()
	if pos, err := parse(e, newFlagSet("version"), args, &cfg); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("version takes no arguments")
	}
	fmt.Fprintln(e.stdout, versionLine())
	return nil
}
