//go:build !linux

package main

import "errors"

// diskFree is unknown here: the guard then checks memory only.
func diskFree(string) (int64, error) { return 0, errors.New("statfs: not on this system") }
