package search

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite generated tables in search.js")

// searchJS is the browser code under test.
const searchJS = "../../themes/default/assets/search.js"

// The word-break classes search.js knows, in the order of its WB array.
var wbNames = []string{"Other", "Double_Quote", "Single_Quote", "Hebrew_Letter",
	"CR", "LF", "Newline", "Extend", "Format", "Katakana", "ALetter",
	"MidLetter", "MidNum", "MidNumLet", "Numeric", "ExtendNumLet", "Regional_Indicator"}

// The scripts bleve's segmenter tells apart, in search.js's order (0 = none).
var scriptNames = []string{"", "Hangul", "Han", "Hiragana"}

// TestWordBreakTable checks that the code point classes embedded in
// search.js are exactly the ones compiled into bleve's segmenter
// (github.com/blevesearch/segment, generated from Unicode 8.0's
// WordBreakProperty.txt and Scripts.txt). With -update it rewrites them.
func TestWordBreakTable(t *testing.T) {
	dir := moduleDir(t, "github.com/blevesearch/segment")
	classes := make([]uint8, utf8.MaxRune+1)
	for i, name := range wbNames[1:] {
		cps := ragelProperty(t, filepath.Join(dir, "ragel", "uwb.rl"), name)
		if len(cps) == 0 {
			t.Fatalf("no code points for %s", name)
		}
		for _, cp := range cps {
			if classes[cp]>>2 != 0 {
				t.Fatalf("U+%04X is both %s and %s", cp, wbNames[classes[cp]>>2], name)
			}
			classes[cp] |= uint8(i+1) << 2
		}
	}
	for i, name := range scriptNames[1:] {
		for _, cp := range ragelProperty(t, filepath.Join(dir, "ragel", "uscript.rl"), name) {
			if classes[cp]&3 != 0 {
				t.Fatalf("U+%04X is in two scripts", cp)
			}
			classes[cp] |= uint8(i + 1)
		}
	}
	checkGenerated(t, "wordbreak", "  var WB_TABLE =\n"+wrapJSString(encodeClassTable(classes), 100)+";")
}

// TestLowerTable checks that search.js's lowercase table is Go's simple
// case mapping (unicode.ToLower, which bleve's to_lower filter applies), so
// the page does not depend on the browser's Unicode version. With -update
// it rewrites it.
func TestLowerTable(t *testing.T) {
	checkGenerated(t, "lower", "  var LOWER_TABLE =\n"+wrapJSString(encodeLowerTable(), 100)+";")
}

// checkGenerated compares a generated section of search.js with want, and
// rewrites it under -update.
func checkGenerated(t *testing.T, name, want string) {
	t.Helper()
	src, err := os.ReadFile(searchJS)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?s)(// BEGIN GENERATED ` + name + `\n).*?(\n\s*// END GENERATED ` + name + `)`)
	got := re.FindSubmatch(src)
	if got == nil {
		t.Fatalf("search.js has no generated %s section", name)
	}
	cur := strings.TrimSuffix(strings.TrimPrefix(string(got[0]), string(got[1])), string(got[2]))
	if cur == want {
		return
	}
	if !*update {
		t.Fatalf("search.js's %s table is out of date: run go test ./internal/search -run %s -update", name, t.Name())
	}
	out := re.ReplaceAllLiteral(src, []byte(string(got[1])+want+string(got[2])))
	if err := os.WriteFile(searchJS, out, 0o644); err != nil {
		t.Fatal(err)
	}
}

// encodeLowerTable encodes every code point that unicode.ToLower changes as
// runs of varints: gap since the end of the previous run, count minus one,
// stride (1 or 2), and the zigzag-encoded difference lower − upper.
func encodeLowerTable() string {
	var rs []rune
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if unicode.ToLower(r) != r {
			rs = append(rs, r)
		}
	}
	var b []byte
	next := rune(0)
	for i := 0; i < len(rs); {
		d := unicode.ToLower(rs[i]) - rs[i]
		stride := rune(1)
		if i+1 < len(rs) && unicode.ToLower(rs[i+1])-rs[i+1] == d && rs[i+1]-rs[i] == 2 {
			stride = 2
		}
		j := i
		for j+1 < len(rs) && rs[j+1]-rs[j] == stride && unicode.ToLower(rs[j+1])-rs[j+1] == d {
			j++
		}
		b = appendVarint(b, uint64(rs[i]-next))
		b = appendVarint(b, uint64(j-i))
		b = appendVarint(b, uint64(stride))
		z := uint64(d) << 1
		if d < 0 {
			z = uint64(-d)<<1 - 1
		}
		b = appendVarint(b, z)
		next = rs[j] + 1
		i = j + 1
	}
	return string(b)
}

// encodeClassTable run-length encodes the non-zero classes as triples of
// varints (gap since the previous run, run length minus one, class).
func encodeClassTable(classes []uint8) string {
	var b []byte
	next := 0
	for cp := 0; cp < len(classes); {
		if classes[cp] == 0 {
			cp++
			continue
		}
		end := cp
		for end+1 < len(classes) && classes[end+1] == classes[cp] {
			end++
		}
		b = appendVarint(b, uint64(cp-next))
		b = appendVarint(b, uint64(end-cp))
		b = appendVarint(b, uint64(classes[cp]))
		next = end + 1
		cp = end + 1
	}
	return string(b)
}

func wrapJSString(s string, width int) string {
	var parts []string
	for len(s) > width {
		parts = append(parts, "    '"+s[:width]+"'")
		s = s[width:]
	}
	parts = append(parts, "    '"+s+"'")
	return strings.Join(parts, " +\n")
}

// ragelProperty returns the code points of one property of a ragel file
// written by segment's unicode2ragel.rb: alternatives of byte sequences
// whose elements are bytes or byte ranges. Expanding them and keeping the
// valid UTF-8 sequences gives exactly what the compiled machine accepts
// on valid input.
func ragelProperty(t *testing.T, path, name string) []rune {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var body strings.Builder
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		trim := strings.TrimSpace(line)
		if !in {
			if trim == name+" =" {
				in = true
			}
			continue
		}
		body.WriteString(trim + " ")
		if strings.HasSuffix(trim, ";") {
			break
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	var out []rune
	for _, alt := range strings.Split(strings.TrimSuffix(strings.TrimSpace(body.String()), ";"), "|") {
		var ranges [][2]int
		for _, tok := range strings.Fields(alt) {
			lo, hi, ok := strings.Cut(tok, "..")
			a, err := strconv.ParseUint(lo, 0, 8)
			if err != nil {
				t.Fatalf("%s: %s: %v", path, name, err)
			}
			b := a
			if ok {
				if b, err = strconv.ParseUint(hi, 0, 8); err != nil {
					t.Fatalf("%s: %s: %v", path, name, err)
				}
			}
			ranges = append(ranges, [2]int{int(a), int(b)})
		}
		var seq []byte
		var walk func(i int)
		walk = func(i int) {
			if i == len(ranges) {
				r, size := utf8.DecodeRune(seq)
				if r != utf8.RuneError && size == len(seq) {
					out = append(out, r)
				}
				return
			}
			for c := ranges[i][0]; c <= ranges[i][1]; c++ {
				if i > 0 && (c < 0x80 || c > 0xBF) {
					continue // never valid after a lead byte
				}
				seq = append(seq, byte(c))
				walk(i + 1)
				seq = seq[:len(seq)-1]
			}
		}
		walk(0)
	}
	return out
}

// moduleDir is where the go command keeps a dependency's source.
func moduleDir(t *testing.T, mod string) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", mod).Output()
	if err != nil {
		t.Fatalf("go list %s: %v", mod, err)
	}
	dir := string(bytes.TrimSpace(out))
	if dir == "" {
		t.Fatalf("module %s is not downloaded", mod)
	}
	return dir
}

// node returns the path of node, skipping the test when there is none.
func node(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is required for the browser parity tests")
		}
		t.Skip("node not found")
	}
	return p
}

// runNode runs a script from js/ with args and returns its standard output.
func runNode(t *testing.T, script string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(node(t), append([]string{filepath.Join("js", script)}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node %s: %v\n%s", script, err, stderr.String())
	}
	return out
}

var _ = fmt.Sprintf
