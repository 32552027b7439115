package export

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// SitemapURLs is the sitemaps protocol's limit of URLs per file; a larger
// site gets a sitemap index at /sitemap.xml naming sitemap-1.xml, ... A
// generated archive of 10,000 retrospectives has about 35,000 pages (every
// ticket, tag and quarter has one), so a real archive can pass the limit.
const SitemapURLs = 50000

// headLimit bounds how much of a page is read to find a redirect: the
// meta refresh of an alias page is in its head, which is far shorter.
const headLimit = 1 << 20

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

// sitemap writes /sitemap.xml listing every HTML page of the output but the
// alias redirects (they are not pages of their own: their canonical page is
// listed) and 404.html. It lists what was written rather than what the
// renderer meant to write, so a page added by a theme or static/ is listed
// too and a page that failed to appear is not.
//
// The sitemaps protocol requires absolute URLs, so a site without a
// base_url gets no sitemap.xml at all: a sitemap of bare paths would be
// invalid, and search engines only read sitemaps of sites with an address.
func (e *exporter) sitemap() (int, error) {
	if e.a.Site.BaseURL == "" {
		return 0, nil
	}
	pages, err := e.pages()
	if err != nil {
		return 0, err
	}
	urls := make([]string, len(pages))
	for i, p := range pages {
		urls[i] = e.a.Site.BaseURL + (&url.URL{Path: p}).EscapedPath()
	}
	limit := e.sitemapURLs
	if len(urls) <= limit {
		return 1, e.writeURLSet("sitemap.xml", urls)
	}
	var parts []string
	for i := 0; i < len(urls); i += limit {
		name := fmt.Sprintf("sitemap-%d.xml", len(parts)+1)
		if err := e.writeURLSet(name, urls[i:min(i+limit, len(urls))]); err != nil {
			return len(parts), err
		}
		parts = append(parts, e.a.Site.BaseURL+name)
	}
	return len(parts) + 1, e.writeXMLList("sitemap.xml", "sitemapindex", "sitemap", parts)
}

func (e *exporter) writeURLSet(name string, urls []string) error {
	return e.writeXMLList(name, "urlset", "url", urls)
}

// writeXMLList streams <root><item><loc>u</loc></item>...</root>.
func (e *exporter) writeXMLList(name, root, item string, locs []string) error {
	w, done, err := e.create(name)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s<%s xmlns=%q>\n", xml.Header, root, sitemapNS)
	for _, u := range locs {
		fmt.Fprintf(w, "  <%s><loc>", item)
		if err := xml.EscapeText(w, []byte(u)); err != nil {
			_ = done()
			return err
		}
		fmt.Fprintf(w, "</loc></%s>\n", item)
	}
	fmt.Fprintf(w, "</%s>\n", root)
	// A bufio.Writer keeps its first error and Flush reports it.
	return done()
}

// pages are the site paths (below the base path, e.g. "retros/x/") of
// every HTML page in the output, sorted.
func (e *exporter) pages() ([]string, error) {
	type candidate struct{ rel, path string }
	var files []candidate
	err := filepath.WalkDir(e.out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && p != e.out {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !strings.HasSuffix(d.Name(), ".html") {
			return nil
		}
		rel, err := filepath.Rel(e.out, p)
		if err != nil {
			return err
		}
		if rel = filepath.ToSlash(rel); rel != "404.html" {
			files = append(files, candidate{rel, p})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Opening every page is most of the sitemap's time on a large site,
	// and the reads overlap well.
	redirect := make([]bool, len(files))
	errs := make([]error, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Go(func() {
			for i := range next {
				redirect[i], errs[i] = isRedirect(files[i].path)
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	var pages []string
	for i, f := range files {
		if redirect[i] {
			continue
		}
		rel := f.rel
		if path.Base(rel) == "index.html" {
			rel = strings.TrimSuffix(rel, "index.html")
		}
		pages = append(pages, rel)
	}
	slices.Sort(pages)
	return pages, nil
}

// isRedirect reports whether the page's head holds a meta refresh, as
// alias pages do. Only the head is read: the rest of a long page is never
// needed, and a site of 10,000 retrospectives has tens of thousands of
// pages.
func isRedirect(name string) (bool, error) {
	f, err := os.Open(name)
	if err != nil {
		return false, err
	}
	defer f.Close()
	var head []byte
	chunk := make([]byte, 4<<10)
	for len(head) < headLimit {
		n, err := f.Read(chunk)
		head = append(head, chunk[:n]...)
		asciiLower(head[len(head)-n:])
		if i := bytes.Index(head, []byte("</head>")); i >= 0 {
			head = head[:i]
			break
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return false, err
		}
	}
	return bytes.Contains(head, []byte(`http-equiv="refresh"`)), nil
}

// asciiLower lowercases ASCII letters in place. The markup searched for is
// ASCII, and bytes.ToLower's Unicode path costs more than reading the page.
func asciiLower(b []byte) {
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
}
