// Package themes embeds the default theme so that retro builds a site from a
// folder that holds nothing but retrospectives.
package themes

import (
	"embed"
	"io/fs"
)

//go:embed default
var files embed.FS

// Default returns the default theme rooted at its own folder
// (layouts/, assets/).
func Default() fs.FS {
	sub, err := fs.Sub(files, "default")
	if err != nil {
		panic(err) // the embed pattern above guarantees the folder
	}
	return sub
}
