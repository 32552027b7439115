package archive

import (
	"net/url"
	"strings"
	"unicode"
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
	return out
}
