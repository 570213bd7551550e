package build

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emine-dev/emine/internal/render"
)

// FuzzCheckPaths: every output path checkPaths lets through is local to the
// output folder.
func FuzzCheckPaths(f *testing.F) {
	for _, s := range []string{"index.html", "../x", "/etc/passwd", "a/../../b", "a//b", "./a", `a\..\b`, "projects/x/index.html"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		err := checkPaths([]render.Job{{Path: p, Run: func(*bytes.Buffer) error { return nil }}}, nil)
		if err == nil && (!filepath.IsLocal(p) || strings.Contains(p, `\`) && strings.Contains(p, "..")) {
			t.Fatalf("%q accepted as an output path", p)
		}
	})
}
