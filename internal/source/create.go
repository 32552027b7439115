package source

import "os"

// CreateNew writes data to rel inside root, a file that must not exist yet:
// retro new and retro import never replace a file someone may have edited.
// The error wraps fs.ErrExist when the file is there.
func CreateNew(root *os.Root, rel string, data []byte) error {
	f, err := root.OpenFile(rel, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
