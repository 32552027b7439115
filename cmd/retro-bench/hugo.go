package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// The comparison site: Hugo reads the generated archive's content/ folder
// as it is, with the three taxonomies a retrospective archive would map to
// (services, teams, tags) and plain layouts that print what retro's pages
// print at the least: the title, the rendered body and the taxonomy links
// on a page; every member on a list. It is a floor for Hugo, not a port of
// retro's theme: no cross-views, no search index, no exports.
const hugoConfig = `baseURL = "https://retros.example.com/"
title = "retro-bench"
contentDir = %q
disableKinds = []

[taxonomies]
  service = "services"
  team = "teams"
  tag = "tags"
`

var hugoLayouts = map[string]string{
	"baseof.html": `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title></head>
<body><main>{{ block "main" . }}{{ end }}</main></body></html>
`,
	"single.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
<p>{{ .Params.severity }} · {{ .Params.started }} · {{ .Params.status }}</p>
<p>{{ .Params.summary }}</p>
{{ range $tax, $_ := site.Taxonomies }}{{ with $.GetTerms $tax }}<ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}{{ end }}
{{ .Content }}{{ end }}
`,
	"list.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.severity }}</li>{{ end }}</ul>{{ end }}
`,
}

// writeHugoSite lays out a Hugo site in dir that reads content from the
// generated site src.
func writeHugoSite(dir, src string) error {
	abs, err := filepath.Abs(filepath.Join(src, "content"))
	if err != nil {
		return err
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	layouts := filepath.Join(dir, "layouts")
	if err := os.MkdirAll(layouts, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "hugo.toml"), fmt.Appendf(nil, hugoConfig, abs), 0o644); err != nil {
		return err
	}
	for name, text := range hugoLayouts {
		if err := os.WriteFile(filepath.Join(layouts, name), []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// runHugo builds the Hugo site once into dest, measured like runBuild.
func runHugo(hugo, site, dest string) (buildResult, error) {
	var res buildResult
	if err := os.RemoveAll(dest); err != nil {
		return res, err
	}
	absDest, err := filepath.Abs(dest)
	if err != nil {
		return res, err
	}
	out := &tailBuffer{max: 4096}
	cmd := exec.Command(hugo, "--source", site, "--destination", absDest,
		"--cacheDir", filepath.Join(absDest+".cache"), "--quiet")
	cmd.Stdout, cmd.Stderr = out, out
	res, err = measure(cmd)
	if err != nil {
		return res, fmt.Errorf("%s: %w\n%s", hugo, err, out)
	}
	return res, nil
}
