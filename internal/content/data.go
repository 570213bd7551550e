package content

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"

	"github.com/emine-dev/emine/internal/entry"
	"github.com/emine-dev/emine/internal/link"
	"github.com/emine-dev/emine/internal/schema"
)

// readData reads and parses a data file; a missing file gives nil, nil.
func readData(fsys fs.FS, name string) (*yaml.Node, entry.ErrorList) {
	var errs entry.ErrorList
	src, err := readLimited(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		errs.Add(entry.Pos{File: name}, "io", err.Error(), "")
		return nil, errs
	}
	if pos, msg := checkText(name, src); msg != "" {
		errs.Add(pos, "encoding", msg, "save the file as UTF-8 text")
		return nil, errs
	}
	root, perr := ParseYAML(name, Normalize(src), 0)
	if perr != nil {
		return nil, append(errs, perr)
	}
	if root.Kind != yaml.MappingNode {
		errs.Add(pos(name, root), "syntax", "expected name: value lines", "")
		return nil, errs
	}
	return root, nil
}

func pos(file string, n *yaml.Node) entry.Pos {
	return entry.Pos{File: file, Line: n.Line, Col: n.Column}
}

// pairs calls fn for each key and value of a mapping, reporting duplicate
// keys, aliases and non-scalar keys.
func pairs(file string, m *yaml.Node, errs *entry.ErrorList, fn func(k, v *yaml.Node)) {
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		switch {
		case k.Kind != yaml.ScalarNode:
			errs.Add(pos(file, k), "syntax", "keys must be plain words", "")
		case seen[k.Value]:
			errs.Add(pos(file, k), "duplicate-field", fmt.Sprintf("%q is written twice", k.Value), "delete one of them")
		case v.Kind == yaml.AliasNode || v.Anchor != "":
			errs.Add(pos(file, v), "yaml-alias", "YAML anchors and aliases are not allowed", "write the value out in full")
		default:
			seen[k.Value] = true
			fn(k, v)
		}
	}
}

func scalar(file string, n *yaml.Node, what string, errs *entry.ErrorList) string {
	if n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
		errs.Add(pos(file, n), "type", what+" should be text", "")
		return ""
	}
	return n.Value
}

const siteFile = "data/site.yaml"

func loadSite(fsys fs.FS, s *entry.Site) entry.ErrorList {
	root, errs := readData(fsys, siteFile)
	if root == nil && errs == nil {
		errs.Add(entry.Pos{File: siteFile}, "required", "data/site.yaml is missing", "it sets the site title, base_url and languages")
	}
	if root == nil {
		return errs
	}
	pairs(siteFile, root, &errs, func(k, v *yaml.Node) {
		switch k.Value {
		case "title":
			s.Title = scalar(siteFile, v, "title", &errs)
		case "description":
			s.Description = scalar(siteFile, v, "description", &errs)
		case "base_url":
			s.BaseURL = scalar(siteFile, v, "base_url", &errs)
			if err := link.CheckAbsolute(s.BaseURL); s.BaseURL != "" && err != nil {
				errs.Add(pos(siteFile, v), "url", "base_url: "+err.Error(), "e.g. https://minerals.example.org/")
			}
			if !strings.HasSuffix(s.BaseURL, "/") {
				s.BaseURL += "/"
			}
		case "default_language":
			s.DefaultLanguage = scalar(siteFile, v, "default_language", &errs)
		case "languages":
			if v.Kind != yaml.SequenceNode {
				errs.Add(pos(siteFile, v), "type", "languages should be a list", "")
				return
			}
			for _, item := range v.Content {
				s.Languages = append(s.Languages, siteLanguage(item, &errs))
			}
		default:
			hint := ""
			if sug := schema.Suggest(k.Value, []string{"title", "description", "base_url", "default_language", "languages"}); sug != "" {
				hint = fmt.Sprintf("did you mean %q?", sug)
			}
			errs.Warn(pos(siteFile, k), "unknown-field", fmt.Sprintf("unknown field %q", k.Value), hint)
		}
	})
	if len(s.Languages) == 0 {
		s.Languages = []entry.Language{{Code: "en", Name: "English", Dir: "ltr"}}
	}
	if s.DefaultLanguage == "" {
		s.DefaultLanguage = s.Languages[0].Code
	}
	if s.Language(s.DefaultLanguage) == nil {
		errs.Add(pos(siteFile, root), "unknown-language", fmt.Sprintf("default_language %q is not in languages", s.DefaultLanguage), "")
	}
	if s.Title == "" {
		errs.Add(pos(siteFile, root), "required", "missing required field \"title\"", "")
	}
	if s.BaseURL == "" {
		s.BaseURL = "/"
	}
	return errs
}

func siteLanguage(n *yaml.Node, errs *entry.ErrorList) entry.Language {
	var l entry.Language
	if n.Kind != yaml.MappingNode {
		errs.Add(pos(siteFile, n), "type", "each language is a group of code, name (and dir)", "e.g. {code: zh, name: 简体中文}")
		return l
	}
	pairs(siteFile, n, errs, func(k, v *yaml.Node) {
		switch k.Value {
		case "code":
			l.Code = scalar(siteFile, v, "code", errs)
			if !langSuffix.MatchString(l.Code) {
				errs.Add(pos(siteFile, v), "language", fmt.Sprintf("%q is not a language code", l.Code), "use a two-letter code such as en, zh, ur")
			}
		case "name":
			l.Name = scalar(siteFile, v, "name", errs)
		case "dir":
			l.Dir = scalar(siteFile, v, "dir", errs)
			if l.Dir != "ltr" && l.Dir != "rtl" {
				errs.Add(pos(siteFile, v), "unknown-value", "dir must be ltr or rtl", "")
			}
		default:
			errs.Warn(pos(siteFile, k), "unknown-field", fmt.Sprintf("unknown field %q", k.Value), "")
		}
	})
	if l.Dir == "" {
		l.Dir = DirOf(l.Code)
	}
	if l.Name == "" {
		l.Name = l.Code
	}
	return l
}

// DirOf returns "rtl" for languages written in a right-to-left script.
func DirOf(code string) string {
	t, err := language.Parse(code)
	if err != nil {
		return "ltr"
	}
	s, _ := t.Script()
	switch s.String() {
	case "Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg":
		return "rtl"
	}
	return "ltr"
}

func loadTaxonomy(fsys fs.FS, name string) (*entry.Taxonomy, entry.ErrorList) {
	file := "data/" + name + ".yaml"
	root, errs := readData(fsys, file)
	if root == nil {
		if errs == nil {
			errs.Add(entry.Pos{File: file}, "required", file+" is missing", "each taxonomy lists key: {en: ..., zh: ..., ur: ...}")
		}
		return entry.NewTaxonomy(name, nil), errs
	}
	var terms []*entry.Term
	pairs(file, root, &errs, func(k, v *yaml.Node) {
		if msg := schema.CheckSlug(k.Value); msg != "" {
			errs.Add(pos(file, k), "slug", "key: "+msg, "")
			return
		}
		t := &entry.Term{Key: k.Value, Names: map[string]string{}, Pos: pos(file, k)}
		if v.Kind != yaml.MappingNode {
			errs.Add(pos(file, v), "type", fmt.Sprintf("%s should list its names, e.g. en: ..., zh: ..., ur: ...", k.Value), "")
			return
		}
		pairs(file, v, &errs, func(lk, lv *yaml.Node) {
			val := scalar(file, lv, lk.Value, &errs)
			if lk.Value == "group" {
				t.Group = val
			} else {
				t.Names[lk.Value] = val
			}
		})
		if t.Names["en"] == "" {
			errs.Add(pos(file, k), "required", fmt.Sprintf("%s has no English name (en)", k.Value), "")
		}
		terms = append(terms, t)
	})
	return entry.NewTaxonomy(name, terms), errs
}

func loadStrings(fsys fs.FS, d *entry.Directory) entry.ErrorList {
	var errs entry.ErrorList
	d.Strings = map[string]map[string]string{}
	d.StringsPos = map[string]map[string]entry.Pos{}
	for _, l := range d.Site.Languages {
		file := "data/i18n/" + l.Code + ".yaml"
		root, ferrs := readData(fsys, file)
		errs.Append(ferrs)
		strs, positions := map[string]string{}, map[string]entry.Pos{}
		d.Strings[l.Code], d.StringsPos[l.Code] = strs, positions
		if root == nil {
			if ferrs == nil {
				errs.Warn(entry.Pos{File: file}, "missing-string", "no interface strings for "+l.Code, "copy data/i18n/en.yaml and translate it")
			}
			continue
		}
		pairs(file, root, &errs, func(k, v *yaml.Node) {
			strs[k.Value] = scalar(file, v, k.Value, &errs)
			positions[k.Value] = pos(file, k)
		})
	}
	return errs
}
