package build

import (
	"errors"

	"golang.org/x/sys/unix"
)

// exchange swaps two folders atomically: at every instant one of them is at
// each path, so a reader or a killed build never sees the output missing.
// File systems without RENAME_EXCHANGE (some network and FUSE mounts) get
// two renames instead.
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EOPNOTSUPP) {
		return twoRenames(a, b)
	}
	return err
}
