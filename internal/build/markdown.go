package build

import (
	"bytes"
	"errors"
	"html/template"
	iofs "io/fs"
	"path"
	"slices"
	"strings"

	"retro/internal/archive"
	"retro/internal/check"
	"retro/internal/markdown"
	"retro/internal/retro"
	"retro/internal/source"
)

// parseBody parses a retrospective's body with the page's anchors reserved,
// and returns every anchor its page will have.
func parseBody(conv *markdown.Converter, r *retro.Retrospective) (*markdown.Doc, map[string]bool) {
	ids := markdown.NewIDs(r.Anchors())
	doc := conv.Parse(r.Body, source.Pos{File: r.Path, Line: r.BodyLine, Col: 1}, ids, true)
	anchors := map[string]bool{}
	for _, id := range r.Anchors() {
		anchors[id] = true
	}
	parts, _ := markdown.Split(doc)
	for _, p := range parts {
		if p.Anchor != "" {
			anchors[p.Anchor] = true
		}
	}
	// Every heading id, not only H2s, can be linked to.
	for id := range idsOf(doc) {
		anchors[id] = true
	}
	return doc, anchors
}

// renderRetro renders every Markdown text of r: the front matter's texts and
// the body's sections.
func renderRetro(conv *markdown.Converter, r *retro.Retrospective, doc *markdown.Doc, a *archive.Archive) source.Findings {
	var fs source.Findings
	inline := func(m *retro.Markdown) {
		var f source.Findings
		m.HTML, m.Text, f = conv.Inline(m.Src, m.Pos, a)
		fs = append(fs, f...)
	}
	for _, m := range r.InlineTexts() {
		inline(m)
	}
	if r.Review != nil {
		var f source.Findings
		r.Review.Notes.HTML, r.Review.Notes.Text, f = conv.Block(r.Review.Notes.Src, r.Review.Notes.Pos, a)
		fs = append(fs, f...)
	}
	fs = append(fs, conv.Links(doc, a)...)
	for _, l := range r.Links {
		fs = append(fs, resolveLink(l, a)...)
	}
	for _, e := range r.Timeline {
		for _, l := range e.Refs {
			fs = append(fs, resolveLink(l, a)...)
		}
	}
	parts, footnotes := markdown.Split(doc)
	r.Sections = nil
	known := map[string]*retro.Section{}
	for _, p := range parts {
		var html strings.Builder
		var text strings.Builder
		for _, n := range p.Nodes {
			html.WriteString(string(conv.RenderNode(doc, n)))
			text.WriteString(markdown.NodeText(doc, n))
			text.WriteString("\n")
		}
		s := &retro.Section{Title: p.Title, Anchor: p.Anchor, HTML: template.HTML(html.String()), Text: text.String()}
		switch k := markdown.Known(p.Title); {
		case p.Heading == nil:
			s.Known = "intro"
		case k != "":
			s.Known, s.Anchor = k, k
			if prev := known[k]; prev != nil {
				// A second section of the same name joins the first.
				prev.HTML += "\n" + s.HTML
				prev.Text += s.Text
				continue
			}
			known[k] = s
		}
		r.Sections = append(r.Sections, s)
	}
	if footnotes != nil {
		r.Sections = append(r.Sections, &retro.Section{Known: "footnotes", Anchor: "footnotes", HTML: conv.RenderNode(doc, footnotes)})
	}
	return fs
}

// resolveLink fills a link's Href: an http(s) URL as written, a retro: link
// as its page. Anything else was reported by check and is shown as text.
func resolveLink(l *retro.Link, a *archive.Archive) source.Findings {
	var fs source.Findings
	l.Href = ""
	if rest, ok := strings.CutPrefix(l.URL, "retro:"); ok {
		id, anchor, _ := strings.Cut(rest, "#")
		u, err := a.Resolve(id, anchor)
		if err != nil {
			fs.Errorf(l.Pos, "retro-link", "%v", err).Hint = "link to an existing retrospective id, with an anchor it has (#rec-R1, #problem-<id>, #timeline-3, …)"
		}
		l.Href = u
	} else if check.ValidLink(l.URL) {
		l.Href = l.URL
	}
	return fs
}

func loadPages(tree *source.Tree, conv *markdown.Converter, a *archive.Archive) ([]*archive.Page, source.Findings) {
	var fs source.Findings
	var pages []*archive.Page
	byName := map[string]string{} // page name → the file that has it
	for _, f := range readContent(tree, "pages", ".md", &fs) {
		rel := f.rel
		// A free page's front matter is optional and its keys are its own:
		// only title is read, and nothing else in it stops a build.
		doc := &source.Document{Path: rel, Body: f.data, BodyLine: 1}
		if bytes.HasPrefix(bytes.TrimPrefix(f.data, []byte("\ufeff")), []byte("---")) {
			var err error
			if doc, err = source.ReadDocument(rel, f.data); err != nil {
				fs = append(fs, asFinding(rel, err))
				continue
			}
		}
		name := archive.Slug(f.name)
		p := &archive.Page{Name: name, Path: rel, Title: titleOf(f.name)}
		var pf source.Findings
		d := source.Decoder{Path: rel, Findings: &pf}
		if mp, ok := d.Map(doc.FrontMatter, "the page's front matter", "title"); ok {
			if t, ok := d.String(mp.Get("title"), "title"); ok {
				p.Title = t
			}
		}
		for _, x := range pf {
			if x.Rule == "unknown-key" {
				continue
			}
			fs = append(fs, x)
		}
		if !validPageName(name) {
			fs.Errorf(source.Pos{File: rel, Line: 1, Col: 1}, "id", "page %s would replace the site's /%s/", rel, name).Hint = "rename the file: " + strings.Join(reservedPages, ", ") + " are the site's own"
			continue
		}
		// Files are read in path order, so the later one is always the one
		// reported, and no build picks a different winner.
		if other, taken := byName[name]; taken {
			fs.Errorf(source.Pos{File: rel, Line: 1, Col: 1}, "id", "page %s and %s would both be /%s/", rel, other, name).Hint = "rename one of the files"
			continue
		}
		byName[name] = rel
		var bf source.Findings
		p.Body, _, bf = conv.Block(string(doc.Body), source.Pos{File: rel, Line: doc.BodyLine, Col: 1}, a)
		fs = append(fs, bf...)
		pages = append(pages, p)
	}
	return pages, fs
}

// titleOf makes a title of a file name: "on-call-guide" → "On call guide".
func titleOf(name string) string {
	t := strings.TrimSpace(strings.NewReplacer("-", " ", "_", " ").Replace(name))
	if t == "" {
		return name
	}
	return strings.ToUpper(t[:1]) + t[1:]
}

// reservedPages are the site's own top-level paths; a free page may not take one.
var reservedPages = []string{"retros", "problems", "recommendations", "tickets", "services", "teams",
	"tags", "severity", "quarters", "collections", "search", "api", "assets", "404"}

func validPageName(name string) bool {
	if slices.Contains(reservedPages, name) {
		return false
	}
	for i, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' && i > 0) {
			return false
		}
	}
	return name != ""
}

func asFinding(rel string, err error) source.Finding {
	var f source.Finding
	if errors.As(err, &f) {
		return f
	}
	return source.Finding{Pos: source.Pos{File: rel}, Severity: source.Error, Rule: "io", Message: err.Error()}
}

func loadCollections(tree *source.Tree, conv *markdown.Converter, a *archive.Archive) ([]*archive.Collection, source.Findings) {
	var fs source.Findings
	var cols []*archive.Collection
	for _, f := range readContent(tree, "collections", ".yaml", &fs) {
		name, rel := f.name, f.rel
		node, err := source.ParseYAML(rel, f.data, 0)
		if err != nil {
			fs = append(fs, asFinding(rel, err))
			continue
		}
		d := source.Decoder{Path: rel, Findings: &fs}
		c := &archive.Collection{Name: name, Path: rel, Title: name}
		mp, ok := d.Map(node, "collection", "title", "description", "retros")
		if !ok {
			fs.Errorf(source.Pos{File: rel, Line: 1, Col: 1}, "required", "collection is empty").Hint = "write title:, description: and retros:"
			continue
		}
		d.Require(mp, source.Pos{File: rel, Line: 1, Col: 1}, "collection", "title", "retros")
		if t, ok := d.String(mp.Get("title"), "title"); ok {
			c.Title = t
		}
		if n := mp.Get("description"); n != nil {
			if s, ok := d.String(n, "description"); ok {
				c.Description = retro.Markdown{Src: s, Pos: d.Pos(n)}
			}
		}
		for _, item := range d.Seq(mp.Get("retros"), "retros") {
			im, ok := d.Map(item, "collection entry", "id", "note")
			if !ok {
				continue
			}
			d.Require(im, d.Pos(item), "collection entry", "id")
			e := &archive.CollectionEntry{Pos: d.Pos(item)}
			if idn := im.Get("id"); idn != nil {
				e.ID, _ = d.String(idn, "id")
				e.Pos = d.Pos(idn)
			}
			if n := im.Get("note"); n != nil {
				if s, ok := d.String(n, "note"); ok {
					e.Note = retro.Markdown{Src: s, Pos: d.Pos(n)}
				}
			}
			if r, ok := a.Lookup(e.ID); ok {
				e.Retro = r
			} else if e.ID != "" {
				fs.Errorf(e.Pos, "collection", "collection names retrospective %q, which does not exist", e.ID).Hint = "use the id of a retrospective (its file name, or its id:)"
			}
			var f source.Findings
			e.Note.HTML, e.Note.Text, f = conv.Block(e.Note.Src, e.Note.Pos, a)
			fs = append(fs, f...)
			c.Entries = append(c.Entries, e)
		}
		var f source.Findings
		c.Description.HTML, c.Description.Text, f = conv.Block(c.Description.Src, c.Description.Pos, a)
		fs = append(fs, f...)
		if !validPageName(name) {
			fs.Errorf(source.Pos{File: rel, Line: 1, Col: 1}, "id", "collection name %q is not URL-safe", name).Hint = "rename the file with lowercase letters, digits and dashes"
			continue
		}
		cols = append(cols, c)
	}
	return cols, fs
}

// contentFile is a file of content/<folder>.
type contentFile struct {
	name string // the file name without its extension: the page's name
	rel  string // slash path relative to the site, for findings
	data []byte
}

// readContent reads content/<folder>/*<ext> in path order; a file that
// cannot be read is a finding.
func readContent(tree *source.Tree, folder, ext string, fs *source.Findings) []contentFile {
	dir := path.Join("content", folder)
	entries, _ := iofs.ReadDir(tree, dir)
	var files []contentFile
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ext) {
			continue
		}
		f := contentFile{name: strings.TrimSuffix(e.Name(), ext), rel: path.Join(dir, e.Name())}
		data, err := tree.ReadFile(f.rel)
		if err != nil {
			*fs = append(*fs, tree.Finding(f.rel, err))
			continue
		}
		f.data = data
		files = append(files, f)
	}
	return files
}
