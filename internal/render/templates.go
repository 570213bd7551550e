package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
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
	Cards []Card
}

type pagerOf struct {
	P     *Page
	Pager Pager
}

var funcs = template.FuncMap{
	"cards": func(p *Page, c []Card) cardList { return cardList{p, c} },
	"pager": func(p *Page, pg Pager) pagerOf { return pagerOf{p, pg} },
	"int64": func(n int) int64 { return int64(n) },
}

// ParseTemplates parses templates/ of fsys once for the whole build.
func ParseTemplates(fsys fs.FS) (*Templates, error) {
	base, err := template.New("base.html").Funcs(funcs).ParseFS(fsys, "templates/base.html")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	if partials, _ := fs.Glob(fsys, "templates/partials/*.html"); len(partials) > 0 {
		if _, err := base.ParseFS(fsys, partials...); err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		}
	}
	t := &Templates{pages: map[string]*template.Template{}}
	for _, kind := range PageKinds {
		name := path.Join("templates", kind+".html")
		clone, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := clone.ParseFS(fsys, name); err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		}
		t.pages[kind] = clone
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
	if bytes.Contains(buf.Bytes()[start:], []byte("ZgotmplZ")) {
		return fmt.Errorf("render %s: a value was refused by html/template (ZgotmplZ in output)", p.Path)
	}
	return nil
}

func trimIndex(p string) string { return strings.TrimSuffix(p, "index.html") }
