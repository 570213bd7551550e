package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"strings"
)

// Templates are the parsed page templates of a site, one set per page kind,
// each made of templates/base.html, the partials and the page's own file.
type Templates struct {
	pages map[string]*template.Template
}

// PageKinds lists the page templates a site must have in templates/.
var PageKinds = []string{"home", "list", "entry", "term", "taxonomy", "search", "page", "404"}

// cardList and pagerOf carry the page along with a list into partials.
type cardList struct {
	P     *Page
	Cards []Listed
}

// cardOf is what the "card" partial receives.
type cardOf struct {
	P *Page
	C Card
}

type pagerOf struct {
	P     *Page
	Pager Pager
}

var funcs = template.FuncMap{
	"cards": func(p *Page, c []Listed) cardList { return cardList{p, c} },
	"pager": func(p *Page, pg Pager) pagerOf { return pagerOf{p, pg} },
	"int64": func(n int) int64 { return int64(n) },
}

// Transform rewrites a template's source before it is parsed; the build
// uses it to minify the templates once instead of every page they render.
type Transform func(name string, src []byte) ([]byte, error)

// ParseTemplates parses templates/ of fsys once for the whole build,
// passing each file through transform when it is not nil.
func ParseTemplates(fsys fs.FS, transform Transform) (*Templates, error) {
	parse := func(t *template.Template, name string) (*template.Template, error) {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		}
		if transform != nil {
			if src, err = transform(name, src); err != nil {
				return nil, fmt.Errorf("templates: %s: %w", name, err)
			}
		}
		if t == nil {
			t = template.New(path.Base(name)).Funcs(funcs)
		} else {
			t = t.New(path.Base(name))
		}
		if _, err := t.Parse(string(src)); err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		}
		return t, nil
	}
	base, err := parse(nil, "templates/base.html")
	if err != nil {
		return nil, err
	}
	partials, _ := fs.Glob(fsys, "templates/partials/*.html")
	for _, name := range partials {
		if _, err := parse(base, name); err != nil {
			return nil, err
		}
	}
	t := &Templates{pages: map[string]*template.Template{}}
	for _, kind := range PageKinds {
		clone, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := parse(clone, path.Join("templates", kind+".html")); err != nil {
			return nil, err
		}
		t.pages[kind] = clone.Lookup("base.html")
	}
	return t, nil
}

// execute renders a page of the kind into buf, refusing output in which
// html/template had to neutralise an unsafe value.
func (t *Templates) execute(buf *bytes.Buffer, kind string, p *Page) error {
	start := buf.Len()
	if err := t.pages[kind].ExecuteTemplate(buf, "base.html", p); err != nil {
		return fmt.Errorf("render %s: %w", p.Path, err)
	}
	if out := buf.Bytes()[start:]; bytes.Contains(out, []byte("ZgotmplZ")) && refused.Match(out) {
		return fmt.Errorf("render %s: a value was refused by html/template (ZgotmplZ in output)", p.Path)
	}
	return nil
}

// refused matches what html/template writes in place of a value it will
// not put in a URL or style attribute; content that merely says "ZgotmplZ"
// is text and does not match.
var refused = regexp.MustCompile(`(?:href|src|action|srcset)="#ZgotmplZ|style="ZgotmplZ`)

func trimIndex(p string) string { return strings.TrimSuffix(p, "index.html") }

// partial renders one named template of the shared partials.
func (t *Templates) partial(buf *bytes.Buffer, name string, p *Page) error {
	if err := t.pages["page"].ExecuteTemplate(buf, name, p); err != nil {
		return fmt.Errorf("render %s: %w", p.Path, err)
	}
	return nil
}
