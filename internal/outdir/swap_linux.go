package outdir

import (
	"errors"

	"golang.org/x/sys/unix"
)

var errNoExchange = errors.New("no atomic exchange on this system")

// exchange swaps two folders in one step (renameat2 RENAME_EXCHANGE), so
// that there is no moment without either. x/sys/unix is the one way to
// reach renameat2 from Go; the syscall package lacks it.
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.ENOTSUP) {
		return errNoExchange // an old kernel or a file system without it
	}
	return err
}
