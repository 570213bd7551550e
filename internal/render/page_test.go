package render

import "testing"

func TestRelative(t *testing.T) {
	langs := map[string]bool{"zh": true, "ur": true}
	cases := []struct{ dir, target, want string }{
		{"", "", ""},
		{"", "projects/", "projects/"},
		{"projects/a/", "", "../../"},
		{"projects/a/", "projects/b/", "../../projects/b/"},
		{"zh/projects/a/", "zh/partners/b/", "../../partners/b/"},
		{"zh/projects/a/", "projects/a/", "../../../projects/a/"},
		{"zh/projects/a/", "ur/projects/a/", "../../../ur/projects/a/"},
		{"zh/", "zh/feed.xml", "feed.xml"},
		{"projects/", "projects/page/2/", "../projects/page/2/"},
		{"projects/a/", "site.abc.css", "../../site.abc.css"},
		{"zh/projects/a/", "site.abc.css", "../../../site.abc.css"},
	}
	for _, c := range cases {
		if got := relative(c.dir, c.target, langs); got != c.want {
			t.Errorf("relative(%q, %q) = %q, want %q", c.dir, c.target, got, c.want)
		}
	}
}

func TestRefusedValueIsCaught(t *testing.T) {
	for s, want := range map[string]bool{
		`<a href="#ZgotmplZ">x</a>`:        true,
		`<p style="ZgotmplZ">`:             true,
		`<p>ZgotmplZ-looking text</p>`:     false,
		`<meta content="#ZgotmplZ title">`: false,
	} {
		if refused.MatchString(s) != want {
			t.Errorf("%s: refused = %v", s, !want)
		}
	}
}
