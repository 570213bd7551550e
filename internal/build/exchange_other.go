//go:build !linux

package build

// exchange swaps two folders with two renames; between them the output is
// briefly missing, which Linux's RENAME_EXCHANGE avoids.
func exchange(a, b string) error { return twoRenames(a, b) }
