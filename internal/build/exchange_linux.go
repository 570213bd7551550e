package build

import "golang.org/x/sys/unix"

// exchange swaps two folders atomically: at every instant one of them is at
// each path, so a reader or a killed build never sees the output missing.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
