// Package cli is Procura's command line: serve, migrate, project, api-client, mails, version, help.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/procura/procura/internal/config"
)

// Version is set at build time (-ldflags "-X github.com/procura/procura/internal/cli.Version=…").
var Version = "dev"

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
		{"backup", "--to FILE", "copy the SQLite database while servers may be writing to it; for PostgreSQL print the pg_dump command", backup},
		{"restore", "--from FILE [--force]", "replace the SQLite database, which no server may have open, by a backup", restore},
		{"mails", "--project KEY [--limit N]", "list a project's latest mails in the outbox, newest first, with how their sending went", mails},
		{"version", "", "print the version", version},
		{"help", "", "print this help", nil},
	}
}

// usageError is a mistake in the command line: exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

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
		fmt.Fprintf(stderr, "procura: %s (see 'procura help')\n", ue.msg)
		return 2
	default:
		fmt.Fprintf(stderr, "procura: %v\n", err)
		return 1
	}
}

func dispatch(e env, args []string) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printHelp(e.stdout)
		return nil
	}
	for _, c := range commands() {
		words := strings.Fields(c.name)
		if len(args) >= len(words) && strings.Join(args[:len(words)], " ") == c.name && c.run != nil {
			return c.run(e, args[len(words):])
		}
	}
	if args[0] == "project" || args[0] == "api-client" {
		return usagef("unknown command %q: did you mean '%s create'?", strings.Join(args, " "), args[0])
	}
	return usagef("unknown command %q", args[0])
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "procura: a self-hosted B2B commerce backend, wire-compatible with the commercetools B2B API.")
	fmt.Fprintln(w, "\nUsage:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  procura %-18s %s\n      %s\n", c.name, c.args, c.help)
	}
	fmt.Fprintln(w, "\nEvery command takes --db (env PROCURA_DB, default sqlite:procura.db).")
	fmt.Fprintln(w, "'procura COMMAND -h' lists a command's flags. Flags win over environment, environment over defaults.")
}

// flags returns a flag set for a command, with the settings it has registered on cfg.
func flags(e env, name string, cfg *config.Config, server bool) (*flag.FlagSet, error) {
	c, err := config.FromEnv(e.getenv)
	if err != nil {
		return nil, usagef("%v", err)
	}
	*cfg = c
	fs := flag.NewFlagSet("procura "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cfg.Register(fs, server)
	fs.Usage = func() {} // errors are reported in one line; -h prints the flags (parse)
	return fs, nil
}

// parse parses flags and positional arguments in any order, then validates the settings.
func parse(e env, fs *flag.FlagSet, args []string, cfg *config.Config) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				w := e.stdout
				fmt.Fprintf(w, "Usage of %s:\n", fs.Name())
				fs.SetOutput(w)
				fs.PrintDefaults()
				return nil, err
			}
			return nil, usagef("%s: %v", fs.Name(), err)
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

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func version(e env, args []string) error {
	if len(args) > 0 {
		return usagef("version takes no arguments")
	}
	fmt.Fprintln(e.stdout, "procura", Version)
	return nil
}
