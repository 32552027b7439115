// Command gen writes the search page's generated tables into the folder
// given as its argument (see package jstables).
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"retro/internal/search/jstables"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gen DIR")
		os.Exit(2)
	}
	files, err := jstables.Files()
	if err == nil {
		for name, b := range files {
			if err = os.WriteFile(filepath.Join(os.Args[1], name), b, 0o644); err != nil {
				break
			}
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
