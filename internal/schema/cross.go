package schema

import (
	"fmt"
	"slices"
	"sort"

	"github.com/emine-dev/emine/internal/entry"
)

// Reserved lists the top-level output names that free pages may not take.
var Reserved = []string{"projects", "policies", "incentives", "partners", "minerals", "provinces", "stages",
	"value-chain", "search", "data", "static", "assets", "pages", "zh", "ur", "en", "feed.xml", "sitemap.xml", "404"}

type ref struct {
	path string
	slug string
	to   entry.Collection
}

func refs(e *entry.Entry) []ref {
	var out []ref
	one := func(path, slug string, to entry.Collection) {
		if slug != "" {
			out = append(out, ref{path, slug, to})
		}
	}
	many := func(path string, slugs []string, to entry.Collection) {
		for i, s := range slugs {
			one(fmt.Sprintf("%s[%d]", path, i), s, to)
		}
	}
	switch {
	case e.Project != nil:
		p := e.Project
		one("operator", p.Operator, entry.Partners)
		many("partners", p.Partners, entry.Partners)
		many("policies", p.Policies, entry.Policies)
		many("incentives", p.Incentives, entry.Incentives)
	case e.Policy != nil:
		one("authority", e.Policy.Authority, entry.Partners)
		one("supersedes", e.Policy.Supersedes, entry.Policies)
	case e.Incentive != nil:
		one("authority", e.Incentive.Authority, entry.Partners)
		one("legal_basis", e.Incentive.LegalBasis, entry.Policies)
	}
	return out
}

// CheckDirectory applies the cross-entry rules to a loaded directory:
// references resolve, translations are not stale, interface strings exist
// in every language, and free pages do not take reserved names.
func CheckDirectory(d *entry.Directory) entry.ErrorList {
	var errs entry.ErrorList
	for _, c := range entry.Collections {
		for _, e := range d.Entries[c] {
			for _, r := range refs(e) {
				if d.Lookup(r.to, r.slug) != nil {
					continue
				}
				hint := fmt.Sprintf("add content/%s/%s.md or fix the slug", r.to, r.slug)
				if s := Suggest(r.slug, slugsOf(d, r.to)); s != "" {
					hint = fmt.Sprintf("did you mean %q?", s)
				}
				errs.Add(e.FieldPos(r.path), "unknown-ref", fmt.Sprintf("%s: no %s entry %q", r.path, singular(r.to), r.slug), hint)
			}
			if e.Policy != nil && e.Policy.Supersedes == e.Slug {
				errs.Add(e.FieldPos("supersedes"), "self-ref", "a policy cannot supersede itself", "")
			}
			checkStale(&errs, e)
		}
	}
	for _, p := range d.Pages {
		if slices.Contains(Reserved, p.Slug) {
			errs.Add(entry.Pos{File: p.File, Line: 1}, "reserved-slug", fmt.Sprintf("page slug %q is taken by the site", p.Slug), "rename the file")
		}
		checkStale(&errs, p)
	}
	errs.Append(CheckStrings(d))
	return errs
}

func checkStale(errs *entry.ErrorList, e *entry.Entry) {
	langs := make([]string, 0, len(e.Translations))
	for l := range e.Translations {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		t := e.Translations[l]
		if !t.Updated.IsZero() && t.Updated.Compare(e.Updated) < 0 {
			errs.Warn(entry.Pos{File: t.File, Line: 1}, "stale-translation",
				fmt.Sprintf("translation (updated %s) is older than %s (updated %s)", t.Updated, e.File, e.Updated),
				"check it against the original, then set its updated date")
		}
	}
}

// CheckStrings reports interface strings of the default language that a
// language lacks; the site falls back to the default language for them.
func CheckStrings(d *entry.Directory) entry.ErrorList {
	var errs entry.ErrorList
	def := d.Site.DefaultLanguage
	keys := make([]string, 0, len(d.Strings[def]))
	for k := range d.Strings[def] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, l := range d.Site.Languages {
		if l.Code == def {
			continue
		}
		for _, k := range keys {
			if _, ok := d.Strings[l.Code][k]; !ok {
				errs.Warn(entry.Pos{File: "data/i18n/" + l.Code + ".yaml", Line: 1}, "missing-string",
					fmt.Sprintf("interface string %q is missing; English is shown", k), "copy it from data/i18n/"+def+".yaml and translate it")
			}
		}
	}
	return errs
}

func slugsOf(d *entry.Directory, c entry.Collection) []string {
	out := make([]string, len(d.Entries[c]))
	for i, e := range d.Entries[c] {
		out[i] = e.Slug
	}
	return out
}

func singular(c entry.Collection) string {
	switch c {
	case entry.Policies:
		return "policy"
	case entry.Incentives:
		return "incentive"
	case entry.Partners:
		return "partner"
	}
	return "project"
}
