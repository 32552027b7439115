package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"retro/internal/build"
	"retro/internal/serve"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	src := fs.String("source", ".", "the site's folder")
	addr := fs.String("addr", "127.0.0.1:1313", "address to listen on")
	drafts := fs.Bool("drafts", false, "include drafts and retrospectives in review, bannered")
	rest, ok := parseFlags(fs, args, stderr)
	if !ok {
		return 2
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "retro serve: unexpected argument %q\n", rest[0])
		return 2
	}
	s := &serve.Server{
		Source: *src,
		Log:    stdout,
		Build: func(dest string) (string, error) {
			// The preview is served from the site's root, whatever base_url says.
			return buildSite(build.Options{Source: *src, Drafts: *drafts, BaseURL: "http://" + *addr + "/"}, dest, false, stderr)
		},
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := s.ListenAndServe(ctx, *addr); err != nil {
		fmt.Fprintf(stderr, "retro serve: %v\n", err)
		return 1
	}
	return 0
}
