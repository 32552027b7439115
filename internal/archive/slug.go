package archive

import (
	"fmt"
	"hash/fnv"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Slug is the page name of a taxonomy term or ticket: lowercase, with runs of
// anything but letters and digits turned into one dash. A URL ticket's slug
// is made from its host and path.
func Slug(s string) string {
	if u, err := url.Parse(s); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		s = u.Host + u.Path
	}
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			b.WriteRune(c)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimRight(b.String(), "-")
	if out == "" {
		return "-"
	}
	if len(out) > maxSlug {
		// A file name has at most 255 bytes: a longer slug would pass
		// check and fail build. The cut keeps a readable start, and the
		// hash of the whole keeps two long names apart.
		h := fnv.New32a()
		h.Write([]byte(out))
		cut := maxSlug - 9
		for cut > 0 && !utf8.RuneStart(out[cut]) {
			cut--
		}
		out = fmt.Sprintf("%s-%08x", strings.TrimRight(out[:cut], "-"), h.Sum32())
	}
	return out
}

// maxSlug is the longest slug in bytes: well under a file name's 255, with
// room for a path's other parts.
const maxSlug = 100
