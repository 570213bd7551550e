package markdown

import (
	"html"
	"regexp"
	"strings"
	"testing"
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
		rendered, _ := r.Render([]byte(src), resolveAll)
		out := string(rendered)
		if strings.Contains(strings.ToLower(out), "<script") {
			t.Fatalf("script element in %q", out)
		}
		if eventAttr.MatchString(out) {
			t.Fatalf("event handler in %q", out)
		}
		for _, m := range urlAttr.FindAllStringSubmatch(out, -1) {
			// What a browser would follow: entities decoded, controls gone.
			u := strings.ToLower(html.UnescapeString(m[1]))
			u = strings.Map(func(r rune) rune {
				if r < 0x20 || r == 0x7f {
					return -1
				}
				return r
			}, strings.TrimSpace(u))
			ok := u == "../known/" || strings.HasPrefix(u, "#")
			for _, p := range []string{"http://", "https://", "mailto:"} {
				ok = ok || strings.HasPrefix(u, p)
			}
			if !ok {
				t.Fatalf("url %q passed in %q", m[1], out)
			}
		}
	})
}
