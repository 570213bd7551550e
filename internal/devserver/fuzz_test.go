package devserver

import (
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLocalName: every request path the server accepts names a file inside
// the site.
func FuzzLocalName(f *testing.F) {
	for _, s := range []string{"/", "/a/b/", "/../x", "/a/../../x", "/a\\..\\x", "/%2e%2e/x", "/a\x00", "//etc/passwd", "/./a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		name, ok := localName(p)
		if !ok {
			return
		}
		if name != "." && (!filepath.IsLocal(name) || strings.Contains(name, "..") && strings.Split(name, "/")[0] == "..") {
			t.Fatalf("%q accepted as %q", p, name)
		}
	})
}
