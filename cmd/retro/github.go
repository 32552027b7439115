package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"retro/internal/source"
)

// writeGitHub prints findings as GitHub Actions workflow commands, which the
// runner turns into annotations on the lines of the pull request. Paths are
// made relative to the working directory (the repository's root in a
// workflow), since --source may be a subfolder of the repository.
func writeGitHub(w io.Writer, fs source.Findings, src string) {
	wd, _ := os.Getwd()
	for _, f := range fs {
		level := "error"
		if f.Severity == source.Warning {
			level = "warning"
		}
		var props []string
		if f.Pos.File != "" {
			props = append(props, "file="+ghProperty(repoPath(wd, src, f.Pos.File)))
			if f.Pos.Line > 0 {
				props = append(props, fmt.Sprintf("line=%d", f.Pos.Line))
				if f.Pos.Col > 0 {
					props = append(props, fmt.Sprintf("col=%d", f.Pos.Col))
				}
			}
		}
		if f.Rule != "" {
			props = append(props, "title="+ghProperty(f.Rule))
		}
		fmt.Fprintf(w, "::%s %s::%s\n", level, strings.Join(props, ","), ghData(f.Text()))
	}
}

// repoPath is file (relative to the site's folder) as a slash path relative
// to wd, or as an absolute path when it is outside wd.
func repoPath(wd, src, file string) string {
	p := filepath.Join(src, filepath.FromSlash(file))
	if filepath.IsAbs(p) && wd != "" {
		if rel, err := filepath.Rel(wd, p); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			p = rel
		}
	}
	return filepath.ToSlash(p)
}

// ghData escapes a workflow command's message, as the runner unescapes it.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a property value, which also ends at : and ,.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
