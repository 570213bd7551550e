// Package linkcheck verifies a built site offline: every relative link and
// asset reference in its HTML resolves to a file of the site, and every
// fragment to an id on the target page. External URLs are not fetched;
// their form was checked when the content was loaded.
package linkcheck

import (
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/emine-dev/emine/internal/entry"
)

var (
	refRE = regexp.MustCompile(`\s(?:href|src)="([^"]*)"`)
	idRE  = regexp.MustCompile(`\sid="([^"]*)"`)
)

// Dir checks the site in the folder root and returns every broken link,
// each at the page it is on.
func Dir(root string) entry.ErrorList {
	return FS(os.DirFS(root))
}

// FS checks the site in fsys.
func FS(fsys fs.FS) entry.ErrorList {
	var errs entry.ErrorList
	files := map[string]bool{}
	var pages []string
	fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files[p] = true
			if path.Ext(p) == ".html" {
				pages = append(pages, p)
			}
		}
		return nil
	})
	sort.Strings(pages)
	ids := map[string]map[string]bool{}
	idsOf := func(page string) map[string]bool {
		if m, ok := ids[page]; ok {
			return m
		}
		m := map[string]bool{}
		data, _ := fs.ReadFile(fsys, page)
		for _, match := range idRE.FindAllSubmatch(data, -1) {
			m[string(match[1])] = true
		}
		ids[page] = m
		return m
	}
	for _, page := range pages {
		if page == "404.html" {
			continue // served at any path; its links are root-absolute
		}
		data, err := fs.ReadFile(fsys, page)
		if err != nil {
			errs.Add(entry.Pos{File: page}, "io", err.Error(), "")
			continue
		}
		for _, m := range refRE.FindAllSubmatchIndex(data, -1) {
			ref := string(data[m[2]:m[3]])
			line, col := entry.LineCol(data, m[2])
			pos := entry.Pos{File: page, Line: line, Col: col}
			if msg := check(page, ref, files, idsOf); msg != "" {
				errs.Add(pos, "broken-link", msg, "")
			}
		}
	}
	return errs
}

// check returns why ref, found on page, does not resolve, or "".
func check(page, ref string, files map[string]bool, idsOf func(string) map[string]bool) string {
	ref = strings.ReplaceAll(ref, "&amp;", "&")
	u, err := url.Parse(ref)
	if err != nil {
		return fmt.Sprintf("link %q is not a valid URL", ref)
	}
	if u.Scheme != "" || u.Host != "" {
		return "" // external, mailto: checked for form at load time
	}
	if strings.HasPrefix(u.Path, "/") {
		return fmt.Sprintf("link %q is root-absolute; it breaks under a sub-path", ref)
	}
	target := page
	if u.Path != "" {
		target = path.Join(path.Dir(page), u.Path)
		if strings.HasSuffix(u.Path, "/") || u.Path == "." || u.Path == ".." {
			target = path.Join(target, "index.html")
		}
		if strings.HasPrefix(target, "../") || target == ".." {
			return fmt.Sprintf("link %q leaves the site", ref)
		}
		if !files[target] {
			return fmt.Sprintf("link %q points at %s, which does not exist", ref, target)
		}
	}
	if u.Fragment != "" && path.Ext(target) == ".html" && !idsOf(target)[u.Fragment] {
		return fmt.Sprintf("link %q: %s has no id %q", ref, target, u.Fragment)
	}
	return ""
}
