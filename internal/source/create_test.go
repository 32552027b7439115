package source

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestCreateNew(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	os.WriteFile(filepath.Join(dir, "kept.md"), []byte("mine"), 0o644)
	os.Symlink(filepath.Join(outside, "x.md"), filepath.Join(dir, "link.md"))
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	if err := CreateNew(root, "new.md", []byte("hello")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "new.md")); string(b) != "hello" {
		t.Errorf("new.md = %q", b)
	}
	if err := CreateNew(root, "kept.md", []byte("theirs")); !errors.Is(err, fs.ErrExist) {
		t.Errorf("existing file: err = %v, want fs.ErrExist", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "kept.md")); string(b) != "mine" {
		t.Errorf("kept.md overwritten: %q", b)
	}
	if err := CreateNew(root, "link.md", []byte("x")); err == nil {
		t.Error("wrote through a symlink leading out of the root")
	}
	if _, err := os.Stat(filepath.Join(outside, "x.md")); err == nil {
		t.Error("a file appeared outside the root")
	}
	if err := CreateNew(root, "../escape.md", []byte("x")); err == nil {
		t.Error("wrote above the root")
	}
}
