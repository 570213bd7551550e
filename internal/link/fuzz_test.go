package link

import (
	"strings"
	"testing"
)

// FuzzCheck: whatever Check accepts is an http(s) or mailto URL, a site
// path or a fragment, with no control characters left.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{"https://x.org", "javascript:alert(1)", " JAVA\tSCRIPT:x", "//x", "/\\x", "/projects/a/", "#f", "mailto:a@b", "data:x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		clean, kind, err := Check(s)
		if err != nil {
			return
		}
		if strings.ContainsFunc(clean, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			t.Fatalf("%q kept a control character: %q", s, clean)
		}
		lower := strings.ToLower(clean)
		switch kind {
		case External:
			if !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") {
				t.Fatalf("%q accepted as external: %q", s, clean)
			}
		case Mail:
			if !strings.HasPrefix(lower, "mailto:") {
				t.Fatalf("%q accepted as mail: %q", s, clean)
			}
		case Site:
			if !strings.HasPrefix(clean, "/") || strings.HasPrefix(clean, "//") || strings.Contains(clean, `\`) {
				t.Fatalf("%q accepted as a site path: %q", s, clean)
			}
		case Fragment:
			if !strings.HasPrefix(clean, "#") {
				t.Fatalf("%q accepted as a fragment: %q", s, clean)
			}
		}
	})
}
