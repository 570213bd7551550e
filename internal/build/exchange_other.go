//go:build !linux

package build

import "os"

// exchange swaps two folders with two renames; between them the output is
// briefly missing, which Linux's RENAME_EXCHANGE avoids.
func exchange(a, b string) error {
	old := b + ".emine-old"
	os.RemoveAll(old)
	if err := os.Rename(b, old); err != nil {
		return err
	}
	if err := os.Rename(a, b); err != nil {
		os.Rename(old, b)
		return err
	}
	return os.Rename(old, a)
}
