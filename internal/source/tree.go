package source

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"unicode/utf8"
)

// DefaultMaxSize is the largest text file (Markdown, YAML, JSON) a build
// reads unless site.yaml says otherwise: far above any real write-up, far
// below what would exhaust a CI machine's memory.
const DefaultMaxSize = 5 << 20

// Errors a Tree returns, wrapped in an *fs.PathError naming the file.
var (
	ErrOutside    = errors.New("is a symlink leading outside the source")
	ErrNotRegular = errors.New("is not a regular file")
	ErrTooLarge   = errors.New("is too large")
)

// Tree is a site's source folder, opened so that nothing read through it
// leaves the folder: a retrospective repository is untrusted input, and a
// symlink to /etc/passwd or a FIFO must be an error, not a published file or
// a build that never ends. Symlinks that stay inside the folder are followed.
// A Tree is an fs.FS, so themes and static files go through it too.
type Tree struct {
	root    *os.Root
	Dir     string // the folder as given, for messages
	MaxSize int64  // ReadFile refuses larger files
}

// OpenTree opens dir. Its files are read through the Tree until Close.
func OpenTree(dir string) (*Tree, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("source folder: %w", err)
	}
	return &Tree{root: root, Dir: dir, MaxSize: DefaultMaxSize}, nil
}

// Close releases the folder.
func (t *Tree) Close() error { return t.root.Close() }

// Open opens a regular file or a folder by its slash path relative to the
// source. Anything else (a FIFO, a device, a socket, a link out of the
// source) is an error, found without blocking: the file is opened
// non-blocking and checked before anything reads it.
func (t *Tree) Open(name string) (fs.File, error) {
	f, _, err := t.open(name)
	if err != nil {
		return nil, err
	}
	return f, nil
}

func (t *Tree) open(name string) (*os.File, fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	f, err := t.root.OpenFile(name, os.O_RDONLY|nonBlocking, 0)
	if err != nil {
		return nil, nil, t.explain(name, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !st.Mode().IsRegular() && !st.IsDir() {
		f.Close()
		return nil, nil, &fs.PathError{Op: "open", Path: name, Err: ErrNotRegular}
	}
	return f, st, nil
}

// explain turns os.Root's refusal of a path through a symlink out of the
// folder into ErrOutside, naming where the link points.
func (t *Tree) explain(name string, err error) error {
	if errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "path escapes") {
		return err
	}
	for p := name; p != "." && p != "/"; p = path.Dir(p) {
		if st, lerr := t.root.Lstat(p); lerr == nil && st.Mode()&fs.ModeSymlink != 0 {
			target, _ := t.root.Readlink(p)
			return &fs.PathError{Op: "open", Path: name, Err: fmt.Errorf("%w (%s -> %s)", ErrOutside, p, target)}
		}
	}
	return &fs.PathError{Op: "open", Path: name, Err: ErrOutside}
}

// ReadFile reads a regular file of at most MaxSize bytes.
func (t *Tree) ReadFile(name string) ([]byte, error) {
	f, st, err := t.open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a folder")}
	}
	if st.Size() > t.MaxSize {
		return nil, t.tooLarge(name, st.Size())
	}
	// The file may grow after the Stat: never read past the limit.
	data, err := io.ReadAll(io.LimitReader(f, t.MaxSize+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > t.MaxSize {
		return nil, t.tooLarge(name, int64(len(data)))
	}
	if err := CheckUTF8(name, data); err != nil {
		return nil, err
	}
	return data, nil
}

// CheckUTF8 reports the first byte of data that is not UTF-8 as a finding
// at its line and column: copied into a page it would show as garbage or
// make the page invalid, and every text retro reads is UTF-8.
func CheckUTF8(path string, data []byte) error {
	if utf8.Valid(data) {
		return nil
	}
	line, start := 1, 0
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return Finding{Pos: Pos{path, line, i - start + 1}, Severity: Error, Rule: "encoding",
				Message: fmt.Sprintf("invalid UTF-8 (byte 0x%02X)", data[i]),
				Hint:    "save the file as UTF-8; an editor's \"reopen with encoding\" shows what the text was meant to be"}
		}
		if r == '\n' {
			line, start = line+1, i+1
		}
		i += size
	}
	return nil
}

func (t *Tree) tooLarge(name string, size int64) error {
	return &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("%w: %s, above the limit of %s",
		ErrTooLarge, megabytes(size), megabytes(t.MaxSize))}
}

func megabytes(n int64) string {
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// Stat describes a regular file or folder, following links inside the source.
func (t *Tree) Stat(name string) (fs.FileInfo, error) {
	f, st, err := t.open(name)
	if err != nil {
		return nil, err
	}
	f.Close()
	return st, nil
}

// Finding turns an error from the Tree into a finding at the file it names.
func (t *Tree) Finding(rel string, err error) Finding {
	if f := (Finding{}); errors.As(err, &f) {
		return f
	}
	var pe *fs.PathError
	msg := err.Error()
	hint := ""
	if errors.As(err, &pe) {
		msg = pe.Err.Error()
	}
	switch {
	case errors.Is(err, ErrOutside):
		hint = "a source may link only to files inside it: copy the file in instead"
	case errors.Is(err, ErrNotRegular):
		hint = "remove it, or replace it with a regular file"
	case errors.Is(err, ErrTooLarge):
		hint = "split it, or set max_file_mb in site.yaml"
	}
	return Finding{Pos: Pos{File: rel}, Severity: Error, Rule: "io", Message: msg, Hint: hint}
}

// AtPath writes a path error as "path: what", the form of every message
// about a file, instead of Go's "open path: what".
func AtPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Path, pe.Err)
	}
	return err
}
