package render

import "testing"

func TestRelative(t *testing.T) {
	cases := []struct{ dir, target, want string }{
		{"", "", ""},
		{"", "projects/", "projects/"},
		{"projects/a/", "", "../../"},
		{"projects/a/", "projects/b/", "../b/"},
		{"zh/projects/a/", "zh/partners/b/", "../../partners/b/"},
		{"zh/projects/a/", "projects/a/", "../../../projects/a/"},
		{"zh/", "zh/feed.xml", "feed.xml"},
		{"projects/", "projects/page/2/", "page/2/"},
		{"projects/a/", "site.abc.css", "../../site.abc.css"},
		{"projects/a/", "projects/a/", ""},
	}
	for _, c := range cases {
		if got := relative(c.dir, c.target); got != c.want {
			t.Errorf("relative(%q, %q) = %q, want %q", c.dir, c.target, got, c.want)
		}
	}
}
