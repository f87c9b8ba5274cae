package cli

import (
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/procura/procura/internal/config"
)

// healthcheck asks the node at --addr (the address serve listens on, PROCURA_ADDR by default)
// whether it is ready, as a load balancer would: GET /readyz answers 200. It is the container
// image's HEALTHCHECK, which has no HTTP client of its own.
func healthcheck(e env, args []string) error {
	cfg, err := config.FromEnv(e.getenv)
	if err != nil {
		return usagef("%v", err)
	}
	fs := newFlagSet("healthcheck")
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "`host:port` of the node to ask, as given to serve (env PROCURA_ADDR)")
	timeout := fs.Duration("timeout", 5*time.Second, "how long to wait for the answer")
	if pos, err := parse(e, fs, args, &cfg); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("healthcheck takes no arguments")
	}
	url := "http://" + dialable(cfg.Addr) + "/readyz"
	resp, err := (&http.Client{Timeout: *timeout}).Get(url)
	if err != nil {
		return fmt.Errorf("not ready: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("not ready: %s answered %s", url, resp.Status)
	}
	fmt.Fprintf(e.stdout, "ready: %s answered %s\n", url, resp.Status)
	return nil
}

// dialable turns a listen address into one to connect to: a node listening on every interface
// (":8080", "0.0.0.0:8080", "[::]:8080") is asked on the loopback interface.
func dialable(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	return net.JoinHostPort(host, port)
}
