package check

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"retro/internal/retro"
	"retro/internal/source"
)

// blame reports the configured blame phrases with the sentence they stand
// in, in every text of the front matter and in the body.
func (c checker) blame() {
	if len(c.site.BlamePhrases) == 0 {
		return
	}
	if p, ok := c.r.Pos["title"]; ok {
		title := retro.Markdown{Src: c.r.Title, Pos: p}
		c.blameIn(title.Src, title.PosAt)
	}
	for _, m := range c.r.InlineTexts() {
		c.blameIn(m.Src, m.PosAt)
	}
	if c.r.Review != nil {
		c.blameIn(c.r.Review.Notes.Src, c.r.Review.Notes.PosAt)
	}
	body := string(c.r.Body)
	c.blameIn(body, func(off int) source.Pos {
		line, col := lineCol(body, off)
		return source.Pos{File: c.r.Path, Line: c.r.BodyLine + line - 1, Col: col}
	})
}

// blameIn finds each phrase as whole words, case-insensitively; at gives
// the file position of an offset in text.
func (c checker) blameIn(text string, at func(off int) source.Pos) {
	lower := strings.ToLower(text)
	for _, phrase := range c.site.BlamePhrases {
		p := strings.ToLower(phrase)
		if p == "" {
			continue
		}
		for off := 0; ; {
			i := strings.Index(lower[off:], p)
			if i < 0 {
				break
			}
			i += off
			off = i + len(p)
			if !wordBoundary(lower, i, off) {
				continue
			}
			f := c.fs.Errorf(at(i), "blame", "blaming phrase %q in: %q", phrase, sentence(text, i, off))
			f.Severity = c.site.BlameSeverity
			f.Hint = "describe what the system and its conditions made likely, not who was at fault"
		}
	}
}

func wordBoundary(s string, i, j int) bool {
	if i > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:i])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	if j < len(s) {
		r, _ := utf8.DecodeRuneInString(s[j:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

func lineCol(s string, off int) (int, int) {
	line := 1 + strings.Count(s[:off], "\n")
	return line, off - (strings.LastIndexByte(s[:off], '\n') + 1) + 1
}

// sentence is the sentence around s[i:j], on one line. A sentence ends at
// . ! or ? followed by a space or the end of the text, or at a line break:
// the period of "0.07%" or "v1.2" ends nothing.
func sentence(s string, i, j int) string {
	start := 0
	for k := i - 1; k >= 0; k-- {
		if s[k] == '\n' || sentenceEnd(s, k) {
			start = k + 1
			break
		}
	}
	end := len(s)
	for k := j; k < len(s); k++ {
		if s[k] == '\n' {
			end = k
			break
		}
		if sentenceEnd(s, k) {
			end = k + 1
			break
		}
	}
	return strings.Join(strings.Fields(s[start:end]), " ")
}

// sentenceEnd reports whether s[k] is punctuation that ends a sentence.
func sentenceEnd(s string, k int) bool {
	if !strings.ContainsRune(".!?", rune(s[k])) {
		return false
	}
	if k+1 == len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[k+1:])
	return unicode.IsSpace(r)
}
