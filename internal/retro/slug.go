package retro

import "strings"

// IDSlug keeps the ASCII letters and digits of a title, for ids that must
// match [a-z0-9-]; a title with none gets "incident". Used by retro new and
// retro import, so both name files alike.
func IDSlug(title string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(title) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.Trim(b.String(), "-")
	if len(s) > 60 {
		if i := strings.LastIndexByte(s[:60], '-'); i > 0 {
			s = s[:i]
		} else {
			s = s[:60]
		}
	}
	if s == "" {
		return "incident"
	}
	return s
}
