package markdown

import (
	"regexp"
	"strings"
	"testing"

	"github.com/emine-dev/emine/internal/link"
)

var (
	eventAttr = regexp.MustCompile(`(?i)<[^>]*\son[a-z]+\s*=`)
	urlAttr   = regexp.MustCompile(`(?i)\s(?:href|src)="([^"]*)"`)
)

// FuzzRender renders arbitrary Markdown: the HTML never holds a script
// element, an event-handler attribute, or a link or image source outside the
// allowlist.
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"[x](javascript:alert(1))", "[x](javascript&colon;alert(1))", "<script>alert(1)</script>",
		"![a](data:image/png;base64,AA)", "<a href=\"javascript:x\">y</a>", "[x][r]\n\n[r]: vbscript:x\n",
		"## T {onclick=alert(1)}", "<https://ok.example/>", "[k](/projects/known/)", "[a](<java\x01script:x>)",
		"> - [ ] **bold** ~~s~~ | a | b |\n|---|---|\n| 1 | 2 |", strings.Repeat("[", 5000), strings.Repeat("> ", 2000) + "x",
	} {
		f.Add(s)
	}
	r := New()
	f.Fuzz(func(t *testing.T, src string) {
		html, _ := r.Render([]byte(src), resolveAll)
		out := string(html)
		if strings.Contains(strings.ToLower(out), "<script") {
			t.Fatalf("script element in %q", out)
		}
		if eventAttr.MatchString(out) {
			t.Fatalf("event handler in %q", out)
		}
		for _, m := range urlAttr.FindAllStringSubmatch(out, -1) {
			u := strings.ReplaceAll(m[1], "&amp;", "&")
			if u == "../known/" || strings.HasPrefix(u, "#") {
				continue
			}
			if _, kind, err := link.Check(u); err != nil || kind == link.Site {
				t.Fatalf("url %q passed in %q", m[1], out)
			}
		}
	})
}
