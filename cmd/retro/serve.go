package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

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
			start := time.Now()
			// The preview is served from the site's root, whatever base_url says.
			a, findings, err := build.Load(build.Options{Source: *src, Drafts: *drafts, BaseURL: "http://" + *addr + "/"})
			if err != nil {
				return "", err
			}
			if findings.Errors(false) > 0 {
				var b strings.Builder
				for _, f := range findings {
					b.WriteString(f.String())
					b.WriteByte('\n')
				}
				return "", fmt.Errorf("%s%s", b.String(), countProblems(findings, false))
			}
			printFindings(stderr, findings)
			st, err := build.Write(a, dest)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("built %d retrospectives, %d pages in %d ms", len(a.Retros), st.Pages, time.Since(start).Milliseconds()), nil
		},
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := s.ListenAndServe(ctx, *addr); err != nil {
		fmt.Fprintf(stderr, "retro serve: %v\n", err)
		return 1
	}
	return 0
}
