//go:build !linux

package outdir

import "errors"

var errNoExchange = errors.New("no atomic exchange on this system")

func exchange(a, b string) error { return errNoExchange }
