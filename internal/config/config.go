// Package config holds Procura's settings: defaults, overridden by environment variables,
// overridden by flags.
package config

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is every setting of the server and the commands.
type Config struct {
	DB       string        // sqlite:PATH or postgres://…
	Addr     string        // host:port the API listens on
	TokenTTL time.Duration // lifetime of access tokens
	MaxBody  int64         // bytes a request body may have
	LogLevel string        // debug, info, warn, error
}

// Defaults returns the settings before environment and flags.
func Defaults() Config {
	return Config{DB: "sqlite:procura.db", Addr: "127.0.0.1:8080", TokenTTL: 48 * time.Hour, MaxBody: 2 << 20, LogLevel: "info"}
}

// setting describes one setting: its flag, its environment variable and its help.
type setting struct {
	flag, env, help string
	server          bool // only serve has it
}

var settings = []setting{
	{"db", "PROCURA_DB", "database: sqlite:PATH or a postgres:// URL", false},
	{"addr", "PROCURA_ADDR", "address the API listens on", true},
	{"token-ttl", "PROCURA_TOKEN_TTL", "lifetime of access tokens (Go duration, e.g. 48h)", true},
	{"max-body", "PROCURA_MAX_BODY", "largest request body in bytes", true},
	{"log-level", "PROCURA_LOG_LEVEL", "debug, info, warn or error", true},
}

// Register defines the flags of the settings a command has on fs, with defaults taken from the
// environment (so that flags win over environment, and environment over defaults).
func (c *Config) Register(fs *flag.FlagSet, server bool) {
	for _, s := range settings {
		if s.server && !server {
			continue
		}
		help := fmt.Sprintf("%s (env %s)", s.help, s.env)
		switch s.flag {
		case "db":
			fs.StringVar(&c.DB, s.flag, c.DB, help)
		case "addr":
			fs.StringVar(&c.Addr, s.flag, c.Addr, help)
		case "token-ttl":
			fs.DurationVar(&c.TokenTTL, s.flag, c.TokenTTL, help)
		case "max-body":
			fs.Int64Var(&c.MaxBody, s.flag, c.MaxBody, help)
		case "log-level":
			fs.StringVar(&c.LogLevel, s.flag, c.LogLevel, help)
		}
	}
}

// FromEnv returns the defaults overridden by the environment.
func FromEnv(getenv func(string) string) (Config, error) {
	c := Defaults()
	for _, s := range settings {
		v := getenv(s.env)
		if v == "" {
			continue
		}
		var err error
		switch s.flag {
		case "db":
			c.DB = v
		case "addr":
			c.Addr = v
		case "token-ttl":
			c.TokenTTL, err = time.ParseDuration(v)
		case "max-body":
			c.MaxBody, err = strconv.ParseInt(v, 10, 64)
		case "log-level":
			c.LogLevel = v
		}
		if err != nil {
			return c, fmt.Errorf("%s=%q: %v", s.env, v, err)
		}
	}
	return c, nil
}

// Getenv is os.Getenv, for callers that pass the environment explicitly.
var Getenv = os.Getenv

// Validate checks the settings.
func (c Config) Validate() error {
	switch {
	case !strings.HasPrefix(c.DB, "sqlite:") && !strings.HasPrefix(c.DB, "postgres://") && !strings.HasPrefix(c.DB, "postgresql://"):
		return fmt.Errorf("--db %q: use sqlite:PATH or a postgres:// URL", c.DB)
	case c.DB == "sqlite:":
		return fmt.Errorf("--db sqlite: needs a file name")
	case c.TokenTTL < time.Minute:
		return fmt.Errorf("--token-ttl %s: at least 1m", c.TokenTTL)
	case c.MaxBody < 1024:
		return fmt.Errorf("--max-body %d: at least 1024 bytes", c.MaxBody)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("--log-level %q: use debug, info, warn or error", c.LogLevel)
	}
	return nil
}
