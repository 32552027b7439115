// Package build runs the pipeline: load the site's files, decode and check
// them, model the archive, render Markdown, then render and write the site.
package build

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"retro/internal/archive"
	"retro/internal/check"
	"retro/internal/config"
	"retro/internal/markdown"
	"retro/internal/parallel"
	"retro/internal/retro"
	"retro/internal/source"
)

// Options are what the command line decides.
type Options struct {
	Source  string
	Drafts  bool
	BaseURL string    // overrides site.yaml's base_url
	Now     time.Time // the build's clock; zero means time.Now
}

// Load reads and checks every file of the site and renders its Markdown.
// The archive is usable whenever findings hold no error.
func Load(opts Options) (*archive.Archive, source.Findings, error) {
	tree, err := source.OpenTree(opts.Source)
	if err != nil {
		return nil, nil, err
	}
	site, findings := config.Read(tree)
	tree.MaxSize = site.MaxFileSize
	if opts.BaseURL != "" {
		if err := site.SetBaseURL(opts.BaseURL); err != nil {
			return nil, nil, fmt.Errorf("--base-url: %w", err)
		}
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	files, err := retroFiles(tree)
	if err != nil {
		return nil, nil, err
	}
	all := make([]*retro.Retrospective, len(files))
	perFile := make([]source.Findings, len(files))
	parallel.For(len(files), func(i int) {
		all[i], perFile[i] = loadRetro(tree, files[i], site)
	})
	for _, f := range perFile {
		findings = append(findings, f...)
	}
	findings = append(findings, check.Identity(all)...)
	findings = append(findings, check.Spellings(all, site)...)

	a := archive.New(site, all, opts.Drafts, retro.DateOf(now.In(site.Timezone)))
	a.Source = opts.Source
	a.Files = tree
	findings = append(findings, a.CheckRecurs()...)
	conv := markdown.New()
	docs := make([]*markdown.Doc, len(all))
	anchors := make([]map[string]bool, len(all))
	parallel.For(len(all), func(i int) {
		docs[i], anchors[i] = parseBody(conv, all[i])
	})
	for i, r := range all {
		a.SetAnchors(r, anchors[i])
	}
	parallel.For(len(all), func(i int) {
		perFile[i] = renderRetro(conv, all[i], docs[i], a)
	})
	for _, f := range perFile {
		findings = append(findings, f...)
	}
	pages, fs := loadPages(tree, conv, a)
	a.Pages = pages
	findings = append(findings, fs...)
	cols, fs := loadCollections(tree, conv, a)
	a.Collections = cols
	findings = append(findings, fs...)
	if site.Tickets != "" {
		tracker, fs := archive.LoadTracker(tree, site.Tickets)
		a.Tracker = tracker
		findings = append(findings, fs...)
		for _, d := range a.Drifts(all) {
			findings.Warnf(d.Rec.TicketPos, "tracker-drift", "%s", d.Message()).Hint = "update the recommendation's status and history, or the ticket"
		}
	}
	a.ComputeViews()
	findings.Sort()
	return a, findings, nil
}

// retroFile is a retrospective on disk.
type retroFile struct {
	rel       string // slash path relative to the site
	defaultID string
	bundle    string // the bundle folder's slash path, if any
}

// retroFiles lists content/retros/<slug>.md and <slug>/index.md in path
// order. Anything else that could be one (a link out of the source, a FIFO
// named .md) is listed too, so that reading it reports it at its path.
func retroFiles(tree *source.Tree) ([]retroFile, error) {
	const dir = "content/retros"
	entries, err := fs.ReadDir(tree, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, source.AtPath(err)
	}
	var files []retroFile
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			continue
		}
		rel := path.Join(dir, name)
		isDir := e.IsDir()
		if e.Type()&fs.ModeSymlink != 0 {
			st, err := tree.Stat(rel)
			if err != nil {
				files = append(files, retroFile{rel: rel, defaultID: strings.TrimSuffix(name, ".md")})
				continue
			}
			isDir = st.IsDir()
		}
		switch {
		case isDir:
			idx := path.Join(rel, "index.md")
			if _, err := tree.Stat(idx); !errors.Is(err, fs.ErrNotExist) {
				files = append(files, retroFile{rel: idx, defaultID: name, bundle: rel})
			}
		case strings.HasSuffix(name, ".md"):
			files = append(files, retroFile{rel: rel, defaultID: strings.TrimSuffix(name, ".md")})
		}
	}
	slices.SortFunc(files, func(a, b retroFile) int { return strings.Compare(a.rel, b.rel) })
	return files, nil
}

func loadRetro(tree *source.Tree, f retroFile, site *config.Site) (*retro.Retrospective, source.Findings) {
	data, err := tree.ReadFile(f.rel)
	if err != nil {
		return &retro.Retrospective{Path: f.rel, ID: f.defaultID, Unreadable: true}, source.Findings{tree.Finding(f.rel, err)}
	}
	doc, err := source.ReadDocument(f.rel, data)
	if err != nil {
		var fs source.Findings
		var finding source.Finding
		if errors.As(err, &finding) {
			fs = append(fs, finding)
		} else {
			fs.Errorf(source.Pos{File: f.rel}, "io", "%v", err)
		}
		return &retro.Retrospective{Path: f.rel, ID: f.defaultID, Status: "invalid", Unreadable: true}, fs
	}
	r, fs := retro.Decode(doc, site, f.defaultID)
	r.Bundle = f.bundle
	fs = append(fs, check.Retrospective(r, site)...)
	return r, fs
}
