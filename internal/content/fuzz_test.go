package content

import (
	"strings"
	"testing"
	"testing/fstest"
)

// FuzzLoadEntry feeds arbitrary bytes as an entry file: loading never
// panics, and the same file with a byte-order mark and CRLF line endings
// gives the same problems at the same positions.
func FuzzLoadEntry(f *testing.F) {
	f.Add(base()["content/projects/mine.md"].Data)
	f.Add([]byte("---\ntitle: x\n"))
	f.Add([]byte("---\n- a\n- b\n---\n"))
	f.Add([]byte("---\na: &x [1]\nb: *x\n---\n"))
	f.Add([]byte("---\ntitle: [[[[[[[[[[\n---\n"))
	f.Add([]byte("\ufeff---\r\ntitle: t\r\n---\r\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		load := func(data []byte) string {
			fsys := base()
			fsys["content/projects/mine.md"] = &fstest.MapFile{Data: data}
			_, errs := Load(fsys, Options{Today: today})
			return errs.Error()
		}
		plain := load(src)
		if strings.ContainsRune(string(src), '\r') || strings.HasPrefix(string(src), "\ufeff") {
			return
		}
		crlf := load(append([]byte("\ufeff"), []byte(strings.ReplaceAll(string(src), "\n", "\r\n"))...))
		if plain != crlf {
			t.Errorf("LF and BOM+CRLF differ:\n%s\n---\n%s", plain, crlf)
		}
	})
}
