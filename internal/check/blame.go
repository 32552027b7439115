package check

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"retro/internal/source"
)

// blame reports the configured blame phrases with the sentence they stand
// in, in every text of the front matter and in the body.
func (c checker) blame() {
	if len(c.site.BlamePhrases) == 0 {
		return
	}
	if p, ok := c.r.Pos["title"]; ok {
		c.blameIn(c.r.Title, p, false)
	}
	for _, m := range c.r.InlineTexts() {
		c.blameIn(m.Src, m.Pos, false)
	}
	if c.r.Review != nil {
		c.blameIn(c.r.Review.Notes.Src, c.r.Review.Notes.Pos, true)
	}
	c.blameIn(string(c.r.Body), source.Pos{File: c.r.Path, Line: c.r.BodyLine, Col: 1}, true)
}

// blameIn finds each phrase as whole words, case-insensitively. In a
// multi-line text (the body) the position is exact; in a YAML value it is
// the value's line, offset by the column when the value is on one line.
func (c checker) blameIn(text string, start source.Pos, multiline bool) {
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
			pos := start
			line, col := lineCol(text, i)
			if multiline || line > 1 {
				pos.Line += line - 1
				pos.Col = col
			} else if pos.Col > 0 {
				pos.Col += col - 1
			}
			f := c.fs.Errorf(pos, "blame", "blaming phrase %q in: %q", phrase, sentence(text, i, off))
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

// sentence is the sentence around s[i:j], on one line.
func sentence(s string, i, j int) string {
	start := strings.LastIndexAny(s[:i], ".!?\n") + 1
	end := strings.IndexAny(s[j:], ".!?\n")
	if end < 0 {
		end = len(s)
	} else {
		end += j + 1
	}
	return strings.Join(strings.Fields(s[start:end]), " ")
}
