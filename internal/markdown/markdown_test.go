package markdown

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

func resolveAll(p string) (string, error) {
	if strings.HasPrefix(p, "/projects/known/") {
		return "../known/", nil
	}
	return "", errors.New("no such page")
}

func TestRender(t *testing.T) {
	r := New()
	cases := []struct {
		name     string
		src      string
		want     []string
		notWant  []string
		problems int
	}{
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |\n", []string{"<table>", "<td>1</td>"}, nil, 0},
		{"strikethrough", "~~old~~", []string{"<del>old</del>"}, nil, 0},
		{"autolink", "see https://example.org/x", []string{`<a href="https://example.org/x">`}, nil, 0},
		{"footnote", "fact[^1]\n\n[^1]: source\n", []string{`class="footnotes"`}, nil, 0},
		{"heading id", "## Key figures\n", []string{`<h2 id="key-figures">`}, nil, 0},
		{"raw html dropped", "<script>alert(1)</script>\n\n<b onclick=x>hi</b>", nil, []string{"<script", "onclick", "<b"}, 0},
		{"site link rewritten", "[k](/projects/known/)", []string{`<a href="../known/">k</a>`}, nil, 0},
		{"site link with fragment", "[k](/projects/known/#figures)", []string{`href="../known/"`}, nil, 0},
		{"unknown site link", "[u](/projects/unknown/)", []string{"u"}, []string{"href"}, 1},
		{"javascript link", "[x](javascript:alert(1))", []string{"x"}, []string{"href", "javascript"}, 1},
		{"entity-encoded javascript", "[x](javascript&colon;alert(1))", nil, []string{"href", "alert(1)\""}, 1},
		{"tab in scheme is not a link", "[x](java\tscript:alert(1))", nil, []string{"href="}, 0},
		{"control char in scheme", "[x](<java\x01script:alert(1)>)", nil, []string{"href="}, 1},
		{"data image refused", "![a](data:image/png;base64,AAAA)", []string{"a"}, []string{"<img"}, 1},
		{"external image refused", "![chart](https://example.org/c.png)", []string{"chart"}, []string{"<img"}, 1},
		{"reference definition", "[x][r]\n\n[r]: javascript:alert(1)\n", nil, []string{"href"}, 1},
		{"attribute syntax is text", "## Title {onclick=alert(1)}\n", nil, []string{"onclick=\""}, 0},
		{"mailto allowed", "[m](mailto:info@example.org)", []string{`href="mailto:info@example.org"`}, nil, 0},
		{"relative link refused", "[r](other.html)", nil, []string{"href"}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			html, problems := r.Render([]byte(tc.src), resolveAll)
			for _, w := range tc.want {
				if !strings.Contains(string(html), w) {
					t.Errorf("output lacks %q:\n%s", w, html)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(string(html), w) {
					t.Errorf("output has %q:\n%s", w, html)
				}
			}
			if len(problems) != tc.problems {
				t.Errorf("problems = %v, want %d", problems, tc.problems)
			}
		})
	}
}

func TestProblemOffsetPointsAtLink(t *testing.T) {
	src := "First paragraph.\n\nSecond with [bad](/nowhere/) link.\n"
	_, problems := New().Render([]byte(src), resolveAll)
	if len(problems) != 1 {
		t.Fatalf("problems = %v", problems)
	}
	if got := src[problems[0].Offset:]; !strings.HasPrefix(got, "/nowhere/") {
		t.Errorf("offset points at %q", got)
	}
}

func TestPlainText(t *testing.T) {
	got := New().PlainText([]byte("## Head\n\nSome **bold** [link](https://x.org) and `code`.\n\n- one\n- two\n\n<b>raw</b>\n"))
	want := "Head Some bold link and code. one two"
	if !strings.HasPrefix(got, want) {
		t.Errorf("PlainText = %q, want prefix %q", got, want)
	}
	if strings.Contains(got, "<b>") {
		t.Errorf("raw HTML in plain text: %q", got)
	}
}

// TestPlainTextKeepsLinkText: links the site would refuse or resolve, and
// images, leave their words in the plain text; and a refused image leaves
// on the page the same words as in the plain text: all of its alt text.
func TestPlainTextKeepsLinkText(t *testing.T) {
	got := New().PlainText([]byte("See [Saindak](/projects/saindak/), [gone](/nowhere/), ![a map](https://x.org/m.png) and <javascript:alert(1)>.\n\n1. 铜矿\u00a0项目\n2. last\u2003word\t\n"))
	want := "See Saindak, gone, a map and javascript:alert(1). 铜矿 项目 last word"
	if got != want {
		t.Errorf("PlainText = %q, want %q", got, want)
	}
	for src, words := range map[string]string{
		"![a *b* c](https://x.org/m.png)":               "a b c",
		"![a\nb](https://x.org/m.png)":                  "a b",
		"![**bold** `code`](https://x.org/i.png)":       "bold code",
		"![see [x](https://a.org/) y](https://x.org/i)": "see x y",
		"![<https://a.org>](https://x.org/i)":           "https://a.org",
	} {
		if got := New().PlainText([]byte(src)); got != words {
			t.Errorf("PlainText(%q) = %q, want %q", src, got, words)
		}
		html, problems := New().Render([]byte(src), nil)
		if len(problems) == 0 {
			t.Errorf("%q: the image on another host was not refused", src)
		}
		if got := strings.Join(strings.Fields(stripTags(string(html))), " "); got != words {
			t.Errorf("page text of %q = %q (%s), want %q", src, got, html, words)
		}
	}
}

// stripTags drops the tags of a small piece of HTML.
func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestSpacedIsFieldsJoined: text written in pieces, with spaces between
// some, comes out as strings.Fields and strings.Join would give it.
func TestSpacedIsFieldsJoined(t *testing.T) {
	pieces := []string{"", " ", "word", "  two words ", "\u00a0", "铜矿", "\u2003", "\n\t", "a\u0085b", "\xff", "x\u3000y", "é"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		var b spaced
		var all strings.Builder
		for range r.IntN(8) {
			if r.IntN(4) == 0 {
				b.space()
				all.WriteByte(' ')
			}
			p := pieces[r.IntN(len(pieces))]
			b.write([]byte(p))
			all.WriteString(p)
		}
		if got, want := b.String(), strings.Join(strings.Fields(all.String()), " "); got != want {
			t.Fatalf("spaced gives %q for %q, want %q", got, all.String(), want)
		}
	}
}

func TestHeadingIDsKeepEveryScript(t *testing.T) {
	html, _ := New().Render([]byte("## 概况\n\n## مقامی روزگار\n\n## Key figures\n\n## Key figures\n"), nil)
	for _, want := range []string{`id="概况"`, `id="مقامی-روزگار"`, `id="key-figures"`, `id="key-figures-1"`} {
		if !strings.Contains(string(html), want) {
			t.Errorf("missing %s in %s", want, html)
		}
	}
}

func TestTooManyLinksIsAnError(t *testing.T) {
	src := strings.Repeat("[a](", MaxLinks+1)
	html, problems := New().Render([]byte(src), resolveAll)
	if len(html) != 0 || len(problems) != 1 || problems[0].Offset != 4*MaxLinks+2 {
		t.Errorf("got %d bytes, problems %+v", len(html), problems)
	}
	if _, problems := New().Render([]byte(strings.Repeat("[a](https://x.org/) ", MaxLinks)), nil); len(problems) != 0 {
		t.Errorf("%d links refused: %v", MaxLinks, problems[:1])
	}
}

func TestAutolinkWithOtherSchemeIsRefused(t *testing.T) {
	for _, src := range []string{"<A0:x>", "<vbscript:msgbox(1)>", "<javascript:alert(1)>"} {
		html, problems := New().Render([]byte(src), nil)
		if strings.Contains(string(html), "href") || len(problems) != 1 {
			t.Errorf("%s: %s %v", src, html, problems)
		}
	}
	if html, _ := New().Render([]byte("see www.example.org"), nil); !strings.Contains(string(html), `href="http://www.example.org"`) {
		t.Errorf("www link: %s", html)
	}
}
