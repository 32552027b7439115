package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"retro/internal/source"
)

// Summary is the result of importing a set of paths.
type Summary struct {
	Files    []FileReport `json:"files"`
	Imported int          `json:"imported"`
	Skipped  int          `json:"skipped"` // not post-mortems by their name (README, template)
	Failed   int          `json:"not_written"`
	DryRun   bool         `json:"dry_run"`
}

var (
	markdownExt = map[string]bool{".md": true, ".markdown": true, ".mdown": true, ".mkd": true, ".mkdn": true}
	notAWriteUp = regexp.MustCompile(`(?i)^(readme|changelog|contributing|license|licence|code_of_conduct|security)(\..*)?$|template`)
)

// Run imports the write-ups at paths (files or folders of them) into
// dest's content/retros. Nothing is written when dryRun, and no file is
// ever replaced. Files are read only through the folder each path names
// (a file's own folder for a file), so a link or symlink that leads
// elsewhere is never followed.
func Run(paths []string, dest string, opts Options, dryRun bool) (Summary, error) {
	sum := Summary{DryRun: dryRun}
	taken := map[string]bool{}
	retros := filepath.Join(dest, "content", "retros")
	// Writes go through the site's folder opened as a root, so a
	// content/retros that is a symlink out of it is refused, not followed.
	var site *os.Root
	if !dryRun {
		if err := os.MkdirAll(dest, 0o755); err != nil {
			return sum, err
		}
		r, err := os.OpenRoot(dest)
		if err != nil {
			return sum, err
		}
		defer r.Close()
		site = r
	}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return sum, err
		}
		rootDir, files := p, []string(nil)
		if fi.IsDir() {
			files, err = walk(p)
			if err != nil {
				return sum, err
			}
		} else {
			rootDir, files = filepath.Dir(p), []string{filepath.Base(p)}
		}
		root, err := os.OpenRoot(rootDir)
		if err != nil {
			return sum, err
		}
		for _, rel := range files {
			show := filepath.Join(rootDir, filepath.FromSlash(rel))
			if fi.IsDir() && notAWriteUp.MatchString(path.Base(rel)) {
				sum.Skipped++
				rep := newReport(show)
				rep.NotWritten = "not a post-mortem by its name (a README or a template): skipped; name the file to import it"
				sum.Files = append(sum.Files, rep)
				continue
			}
			data, err := readIn(root, rel)
			if err != nil {
				root.Close()
				return sum, fmt.Errorf("%s: %w", show, err)
			}
			name := strings.TrimSuffix(path.Base(rel), path.Ext(rel))
			if !markdownExt[strings.ToLower(path.Ext(rel))] {
				name = path.Base(rel)
			}
			if strings.EqualFold(name, "index") && path.Dir(rel) != "." {
				name = path.Base(path.Dir(rel))
			}
			res := Convert(Input{Path: show, Name: name, Data: data, Files: root.FS(), Dir: path.Dir(rel)}, opts)
			rep := res.Report
			if res.Text != nil {
				out := filepath.Join(retros, res.ID+".md")
				if len(res.Attachments) > 0 {
					out = filepath.Join(retros, res.ID, "index.md")
				}
				rep.Output = out
				switch {
				case taken[res.ID]:
					rep.NotWritten = fmt.Sprintf("another file of this import is also %s: rename one and import it again", res.ID)
				case exists(filepath.Join(retros, res.ID+".md")) || exists(filepath.Join(retros, res.ID)):
					rep.NotWritten = fmt.Sprintf("%s already exists: not overwritten (remove it, or rename the source file, to import again)", existing(retros, res.ID))
				case !dryRun:
					if err := write(root, site, res); err != nil {
						rep.NotWritten = err.Error()
					} else {
						rep.Written = true
					}
				}
				taken[res.ID] = true
			}
			if rep.NotWritten != "" {
				sum.Failed++
			} else {
				sum.Imported++
			}
			sum.Files = append(sum.Files, rep)
		}
		root.Close()
	}
	return sum, nil
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

func existing(retros, id string) string {
	if p := filepath.Join(retros, id+".md"); exists(p) {
		return p
	}
	return filepath.Join(retros, id)
}

// walk lists the Markdown files under dir (and files without an extension
// that start like Markdown), skipping hidden folders and symlinks.
func walk(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		ext := strings.ToLower(filepath.Ext(p))
		if markdownExt[ext] || ext == "" && looksLikeMarkdown(p) || ext != "" && !isKnownExt(ext) && looksLikeMarkdown(p) {
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// isKnownExt is an extension that says the file is not Markdown; a name such
// as "PM2022-009 - Bad AWS EKS AMI" has a dot but no such extension.
func isKnownExt(ext string) bool {
	return len(ext) <= 5 && !strings.ContainsAny(ext, " ")
}

func looksLikeMarkdown(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, 512)
	n, _ := io.ReadFull(f, buf)
	head := buf[:n]
	if bytes.IndexByte(head, 0) >= 0 {
		return false
	}
	first := strings.TrimSpace(strings.SplitN(strings.TrimLeft(string(head), "\ufeff\n\r\t "), "\n", 2)[0])
	return strings.HasPrefix(first, "# ") || first == "---"
}

func readIn(root *os.Root, rel string) ([]byte, error) {
	f, err := root.Open(filepath.FromSlash(rel))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// write creates the file (or bundle) without replacing anything: a file
// that appears meanwhile makes it fail rather than be overwritten.
func write(src, site *os.Root, res Result) error {
	const retros = "content/retros"
	if err := site.MkdirAll(retros, 0o755); err != nil {
		return err
	}
	if len(res.Attachments) == 0 {
		return createNew(site, path.Join(retros, res.ID+".md"), res.Text)
	}
	dir := path.Join(retros, res.ID)
	if err := site.Mkdir(dir, 0o755); err != nil {
		return err
	}
	for _, a := range res.Attachments {
		data, err := readIn(src, a.From)
		if err != nil {
			return err
		}
		if err := createNew(site, path.Join(dir, a.To), data); err != nil {
			return err
		}
	}
	return createNew(site, path.Join(dir, "index.md"), res.Text)
}

func createNew(site *os.Root, p string, data []byte) error {
	err := source.CreateNew(site, p, data)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists: not overwritten", p)
	}
	return err
}

// WriteText prints the report as people read it: per file, where it went,
// then each note as path:line: what.
func (s Summary) WriteText(w io.Writer) {
	for _, f := range s.Files {
		switch {
		case f.NotWritten != "":
			fmt.Fprintf(w, "%s: not written: %s\n", f.Source, f.NotWritten)
			if f.Output == "" {
				continue
			}
		case s.DryRun:
			fmt.Fprintf(w, "%s: would write %s\n", f.Source, f.Output)
		default:
			fmt.Fprintf(w, "%s: wrote %s\n", f.Source, f.Output)
		}
		for _, n := range f.Mapped {
			fmt.Fprintf(w, "  %s: mapped %s: %s\n", at(f.Source, n.Line), n.Field, n.Detail)
		}
		for _, n := range f.Guessed {
			fmt.Fprintf(w, "  %s: guessed %s: %s\n", at(f.Source, n.Line), n.Field, n.Detail)
		}
		if len(f.LeftInBody) > 0 {
			fmt.Fprintf(w, "  left in the body: %s\n", strings.Join(f.LeftInBody, "; "))
		}
	}
}

func at(file string, line int) string {
	if line == 0 {
		return file
	}
	return fmt.Sprintf("%s:%d", file, line)
}
