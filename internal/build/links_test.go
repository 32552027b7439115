package build

import (
	"fmt"
	"html"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestSiteLinks builds the repository's sample archive and follows every
// link of every page: each local href, src, form action and redirect target
// must name a file of the output (a folder stands for its index.html), and
// each #fragment must be an id on the page it points into. Links into
// incidents are promised never to break (SPEC: "Who uses it"), and the
// site's own navigation is where a rename would break them first.
func TestSiteLinks(t *testing.T) {
	_, lc := buildSampleForLinks(t)
	broken, links := lc.checkAll()
	t.Logf("%d pages, %d links checked", len(lc.pages), links)
	for _, problem := range slices.Sorted(maps.Keys(broken)) {
		from := broken[problem]
		more := ""
		if len(from) > 3 {
			more = fmt.Sprintf(" and %d more", len(from)-3)
			from = from[:3]
		}
		t.Errorf("%s (on %s%s)", problem, strings.Join(from, ", "), more)
	}
}

// TestSiteLinksCatchBreakage breaks a built site the two ways a link
// breaks, a page gone and an anchor gone, and expects the check to say so.
func TestSiteLinksCatchBreakage(t *testing.T) {
	out, lc := buildSampleForLinks(t)
	gone := "retros/2025-02-search-index-stale/index.html"
	if err := os.Remove(filepath.Join(out, filepath.FromSlash(gone))); err != nil {
		t.Fatal(err)
	}
	delete(lc.pages, gone)
	target := lc.pages["retros/2025-03-checkout-failover/index.html"]
	if target == nil || !target.ids["rec-R1"] {
		t.Fatal("the sample's failover page has no #rec-R1")
	}
	delete(target.ids, "rec-R1")
	broken, _ := lc.checkAll()
	var pageGone, anchorGone bool
	for problem := range broken {
		pageGone = pageGone || strings.Contains(problem, "no file "+gone)
		anchorGone = anchorGone || strings.Contains(problem, "has no id #rec-R1")
	}
	if !pageGone || !anchorGone {
		t.Errorf("a removed page found %v, a removed anchor found %v; problems: %v", pageGone, anchorGone, slices.Sorted(maps.Keys(broken)))
	}
}

// buildSampleForLinks builds the repository's sample archive and parses
// every page of it.
func buildSampleForLinks(t *testing.T) (string, linkChecker) {
	t.Helper()
	a, findings, err := Load(Options{Source: "../..", Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if findings.Errors(false) > 0 {
		t.Fatalf("the sample archive has errors:\n%s", findingsText(findings))
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Write(a, out); err != nil {
		t.Fatal(err)
	}
	pages, err := scanHTMLPages(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < 15 {
		t.Fatalf("only %d pages in the output", len(pages))
	}
	return out, linkChecker{out: out, basePath: a.Site.BasePath, baseURL: a.Site.BaseURL, pages: pages}
}

// checkAll checks every link of every page. One broken target is linked
// from many pages (the navigation is on all of them), so each problem is
// reported once with the pages it is on.
func (lc linkChecker) checkAll() (broken map[string][]string, links int) {
	broken = map[string][]string{}
	for _, rel := range slices.Sorted(maps.Keys(lc.pages)) {
		p := lc.pages[rel]
		for _, id := range p.duplicateIDs {
			problem := fmt.Sprintf("id %q appears more than once", id)
			broken[problem] = append(broken[problem], rel)
		}
		for _, l := range p.links {
			links++
			if problem := lc.check(rel, l); problem != "" {
				broken[problem] = append(broken[problem], rel)
			}
		}
	}
	return broken, links
}

// TestLinkTokenizer holds the tokenizer to the HTML our templates and
// goldmark write: quoted values may hold ">" and entities, scripts and
// comments are not markup, and text that shows markup is escaped.
func TestLinkTokenizer(t *testing.T) {
	p := newHTMLTokenizer().parse(`<!DOCTYPE html><html><head>
<meta http-equiv="refresh" content="0; url=/retros/x/">
<link rel="canonical" href="https://retros.example.com/retros/x/">
<script>var s = '<a href="/nowhere/">';</script>
<!-- <a href="/commented/"> -->
</head><body>
<a class="x" href="/a/?q=1&amp;r=2#rec-R1" title="a > b">A</a>
<img alt='x' src='/img.svg'>
<code>&lt;a href=&quot;/escaped/&quot;&gt;</code>
<h2 id="summary">S</h2><p id=bare>b</p><li id="summary">dup</li>
<form action="/search/"><input id="q"></form>
</body></html>`)
	wantLinks := []string{"/retros/x/", "https://retros.example.com/retros/x/", "/a/?q=1&r=2#rec-R1", "/img.svg", "/search/"}
	var got []string
	for _, l := range p.links {
		got = append(got, l.value)
	}
	if !slices.Equal(got, wantLinks) {
		t.Errorf("links %q, want %q", got, wantLinks)
	}
	if !p.ids["summary"] || !p.ids["bare"] || !p.ids["q"] || len(p.ids) != 3 {
		t.Errorf("ids %v", p.ids)
	}
	if !slices.Equal(p.duplicateIDs, []string{"summary"}) {
		t.Errorf("duplicate ids %v", p.duplicateIDs)
	}

	lc := linkChecker{basePath: "/", baseURL: "https://retros.example.com/", pages: map[string]*htmlPage{
		"retros/x/index.html": {ids: map[string]bool{"rec-R1": true}},
	}}
	for _, c := range []struct{ value, want string }{
		{"https://retros.example.com/retros/x/#rec-R1", ""},
		{"/retros/x/#rec-R2", "#rec-R2"},
		{"#nope", "#nope"},
		{"https://example.org/", ""},
		{"mailto:oncall@example.com", ""},
		{"javascript:alert(1)", "scheme"},
		{"", "empty"},
	} {
		if got := lc.check("retros/x/index.html", pageLink{attr: "href", value: c.value}); (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("check(%q) = %q, want a problem containing %q", c.value, got, c.want)
		}
	}
}

// htmlPage is what the link check needs of one HTML file.
type htmlPage struct {
	ids          map[string]bool
	duplicateIDs []string
	links        []pageLink
}

// pageLink is one URL-valued attribute.
type pageLink struct {
	attr  string // href, src, action, refresh
	value string // unescaped
}

// htmlTokenizer reads the start tags of an HTML page written by our
// templates (golang.org/x/net/html is not a dependency of retro).
type htmlTokenizer struct {
	rawText, startTag, attribute, refreshURL *regexp.Regexp
}

func newHTMLTokenizer() *htmlTokenizer {
	return &htmlTokenizer{
		// Raw text elements and comments hold no markup: what looks like
		// an attribute inside them is not one.
		rawText: regexp.MustCompile(`(?is)<!--.*?-->|(<script\b[^>]*>).*?</script\s*>|(<style\b[^>]*>).*?</style\s*>`),
		// A start tag; a quoted value may hold ">".
		startTag: regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>`),
		// One attribute: a name, optionally = and a double-, single- or
		// unquoted value.
		attribute:  regexp.MustCompile(`([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>` + "`" + `]+)))?`),
		refreshURL: regexp.MustCompile(`(?i)^\s*\d+\s*;\s*url\s*=\s*(.+)$`),
	}
}

// parse collects the ids and the URL-valued attributes of a page.
func (tk *htmlTokenizer) parse(src string) *htmlPage {
	p := &htmlPage{ids: map[string]bool{}}
	src = tk.rawText.ReplaceAllString(src, "$1$2")
	for _, tag := range tk.startTag.FindAllStringSubmatch(src, -1) {
		name := strings.ToLower(tag[1])
		attrs := map[string]string{}
		var order []string
		for _, at := range tk.attribute.FindAllStringSubmatch(tag[2], -1) {
			key := strings.ToLower(at[1])
			if _, dup := attrs[key]; dup {
				continue // the first of a repeated attribute wins, as in browsers
			}
			attrs[key] = html.UnescapeString(at[2] + at[3] + at[4])
			order = append(order, key)
		}
		if id, ok := attrs["id"]; ok {
			if p.ids[id] && !slices.Contains(p.duplicateIDs, id) {
				p.duplicateIDs = append(p.duplicateIDs, id)
			}
			p.ids[id] = true
		}
		for _, key := range order {
			switch key {
			case "href", "src", "action":
				p.links = append(p.links, pageLink{attr: key, value: attrs[key]})
			}
		}
		if name == "meta" && strings.EqualFold(attrs["http-equiv"], "refresh") {
			if m := tk.refreshURL.FindStringSubmatch(attrs["content"]); m != nil {
				p.links = append(p.links, pageLink{attr: "refresh", value: strings.Trim(m[1], `'" `)})
			}
		}
	}
	return p
}

// scanHTMLPages parses every .html file of out, keyed by its slash path.
func scanHTMLPages(out string) (map[string]*htmlPage, error) {
	tk := newHTMLTokenizer()
	pages := map[string]*htmlPage{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(out, p)
		if err != nil {
			return err
		}
		pages[filepath.ToSlash(rel)] = tk.parse(string(data))
		return nil
	})
	return pages, err
}

// linkChecker resolves links against one built site.
type linkChecker struct {
	out      string // the output folder; "" when only pages count as files (unit tests)
	basePath string // "/" or "/sub/"
	baseURL  string // absolute, or "" when the site has none
	pages    map[string]*htmlPage
}

// check returns what is wrong with a link on the page at from (a slash
// path of the output), or "" when it resolves.
func (lc linkChecker) check(from string, l pageLink) string {
	v := strings.TrimSpace(l.value)
	if v == "" {
		return fmt.Sprintf("empty %s", l.attr)
	}
	// An absolute URL of the site itself (canonical links) is local.
	if lc.baseURL != "" && strings.HasPrefix(v, lc.baseURL) {
		v = lc.basePath + strings.TrimPrefix(v, lc.baseURL)
	}
	u, err := url.Parse(v)
	if err != nil {
		return fmt.Sprintf("%s %q does not parse: %v", l.attr, l.value, err)
	}
	switch s := strings.ToLower(u.Scheme); s {
	case "":
	case "http", "https", "mailto", "tel":
		return "" // external: not ours to check
	default:
		return fmt.Sprintf("%s %q has the scheme %s:", l.attr, l.value, s)
	}
	if u.Host != "" {
		return "" // protocol-relative: another host
	}
	if from == "404.html" && u.Path != "" && !strings.HasPrefix(u.Path, "/") {
		// Hosts serve 404.html at any missing path, so a relative link
		// on it resolves against whatever URL was asked for.
		return fmt.Sprintf("%s %q on 404.html is relative", l.attr, l.value)
	}
	// The URL the page is served at: a folder's index.html at the folder.
	pageURL := &url.URL{Path: lc.basePath + strings.TrimSuffix(from, "index.html")}
	target := pageURL.ResolveReference(u)
	if !strings.HasPrefix(target.Path, lc.basePath) {
		return fmt.Sprintf("%s %q points outside the site's base path %s", l.attr, l.value, lc.basePath)
	}
	file := strings.TrimPrefix(target.Path, lc.basePath)
	if file == "" || strings.HasSuffix(file, "/") {
		file += "index.html"
	} else if lc.out != "" {
		if st, err := os.Stat(filepath.Join(lc.out, filepath.FromSlash(file))); err == nil && st.IsDir() {
			file = path.Join(file, "index.html")
		}
	}
	if _, isPage := lc.pages[file]; !isPage && lc.out != "" {
		if _, err := os.Stat(filepath.Join(lc.out, filepath.FromSlash(file))); err != nil {
			return fmt.Sprintf("%s %q: no file %s in the output", l.attr, l.value, file)
		}
	}
	if u.Fragment == "" {
		return ""
	}
	p := lc.pages[file]
	if p == nil {
		if lc.out == "" {
			return fmt.Sprintf("%s %q: no page %s", l.attr, l.value, file)
		}
		return "" // a fragment of an image or a log: not an HTML id
	}
	if !p.ids[u.Fragment] {
		return fmt.Sprintf("%s %q: %s has no id #%s", l.attr, l.value, file, u.Fragment)
	}
	return ""
}
