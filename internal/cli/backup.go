package cli

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/procura/procura/internal/config"
	"github.com/procura/procura/internal/sqlstore"
)

// backup copies a SQLite database while servers may be writing to it (decision 0043); for
// PostgreSQL it prints the pg_dump command and fails.
func backup(e env, args []string) error {
	var cfg config.Config
	fs, err := flags(e, "backup", &cfg, false)
	if err != nil {
		return err
	}
	to := fs.String("to", "", "the `file` to write the copy into; it must not exist (required)")
	if pos, err := parse(e, fs, args, &cfg); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("backup takes no positional arguments")
	}
	if *to == "" {
		return usagef("backup needs --to FILE")
	}
	if !strings.HasPrefix(cfg.DB, "sqlite:") {
		line, err := pgDump(cfg.DB, *to)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, line)
		return errors.New("backup copies SQLite databases only and has not copied this PostgreSQL database: run the pg_dump command above (it asks for the password, or reads PGPASSWORD or ~/.pgpass)")
	}
	if err := sqlstore.Backup(e.ctx, cfg.DB, *to); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "backed up %s to %s\n", cfg.DB, *to)
	return nil
}

// restore replaces a SQLite database by a backup.
func restore(e env, args []string) error {
	var cfg config.Config
	fs, err := flags(e, "restore", &cfg, false)
	if err != nil {
		return err
	}
	from := fs.String("from", "", "the backup `file` to restore (required)")
	force := fs.Bool("force", false, "replace the database if it exists (never while a server has it open)")
	if pos, err := parse(e, fs, args, &cfg); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("restore takes no positional arguments")
	}
	if *from == "" {
		return usagef("restore needs --from FILE")
	}
	if !strings.HasPrefix(cfg.DB, "sqlite:") {
		return errors.New("restore replaces SQLite databases only: restore a PostgreSQL database from pg_dump's file with pg_restore")
	}
	if err := sqlstore.Restore(e.ctx, cfg.DB, *from, *force); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "restored %s from %s\n", cfg.DB, *from)
	return nil
}

// libpqParams are the parameters of a postgres:// URL that pg_dump understands too; pgx takes
// others (search_path, pool settings) that pg_dump would refuse.
var libpqParams = []string{"sslmode", "sslcert", "sslkey", "sslrootcert", "sslcrl", "connect_timeout", "application_name",
	"target_session_attrs", "options", "gssencmode", "channel_binding", "krbsrvname", "service", "passfile", "host", "port", "user", "dbname"}

// pgDump returns the pg_dump command line that writes the database of dbURL into file, in
// pg_dump's custom format (pg_restore reads it), without the URL's password; the URL's
// search_path (a Procura schema) becomes --schema.
func pgDump(dbURL, file string) (string, error) {
	u, err := url.Parse(dbURL)
	if err != nil {
		return "", fmt.Errorf("--db: not a URL: %v", err)
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	args := []string{"pg_dump", "--format=custom", "--file=" + shellQuote(file)}
	q := u.Query()
	for _, s := range strings.Split(q.Get("search_path"), ",") {
		if s = strings.TrimSpace(s); s != "" {
			args = append(args, "--schema="+shellQuote(s))
		}
	}
	for k := range q {
		if !slices.Contains(libpqParams, k) {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	return strings.Join(append(args, shellQuote(u.String())), " "), nil
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
