// Command procura is the Procura server and its administration commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/procura/procura/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
