// Command cadence-ferretdb runs FerretDB 1.x (a MongoDB wire-protocol server) on SQLite for local development
// and tests. It embeds FerretDB as a library: `go install .../cmd/ferretdb@v1.24.2` builds a binary that panics at
// start-up because the module zip lacks build/version/version.txt; the embeddable package has no such check.
// Telemetry is disabled by the embeddable package itself.
package main

import (
	"context"
	"flag"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to listen on")
	dir := flag.String("sqlite-dir", "", "directory holding the SQLite databases")
	level := flag.String("log-level", "warn", "debug, info, warn or error")
	flag.Parse()

	if *dir == "" {
		slog.Error("-sqlite-dir is required")
		os.Exit(2)
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		slog.Error("cannot create data directory", "err", err)
		os.Exit(1)
	}

	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(*level)); err != nil {
		lvl = slog.LevelWarn
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: lvl}))

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + *dir + "/",
	})
	if err != nil {
		logger.Error("cannot start FerretDB", "err", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	logger.Info("FerretDB listening", "addr", *listen)
	if err := f.Run(ctx); err != nil && ctx.Err() == nil {
		logger.Error("FerretDB stopped", "err", err)
		os.Exit(1)
	}
}
