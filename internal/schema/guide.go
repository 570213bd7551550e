package schema

import (
	"fmt"
	"strings"

	"github.com/emine-dev/emine/internal/entry"
)

// typeName describes a field's type for the editors' guide.
func typeName(f Field) string {
	switch f.Kind {
	case Enum:
		return "one of: `" + strings.Join(f.Values, "`, `") + "`"
	case Key:
		if f.Federal {
			return "`federal` or a key of data/" + f.Taxonomy + ".yaml"
		}
		return "a key of data/" + f.Taxonomy + ".yaml"
	case Ref:
		return "the slug of an entry in content/" + string(f.Ref) + "/"
	case List:
		return "list of " + typeName(*f.Elem)
	case Object:
		names := make([]string, len(f.Fields))
		for i, sub := range f.Fields {
			names[i] = sub.Name
		}
		return "group of: " + strings.Join(names, ", ")
	case Date:
		return "date YYYY-MM-DD (YYYY-MM or YYYY when the day is not known)"
	}
	return f.Kind.String()
}

func rule(f Field) string {
	var r []string
	if f.Required {
		r = append(r, "required")
	}
	if f.Translatable {
		r = append(r, "translatable")
	}
	if f.MaxLen > 0 {
		r = append(r, fmt.Sprintf("at most %d characters", f.MaxLen))
	}
	if f.HasRange {
		r = append(r, fmt.Sprintf("%v to %v", f.Min, f.Max))
	}
	if f.Positive {
		r = append(r, "greater than 0")
	}
	return strings.Join(r, ", ")
}

func fieldRows(b *strings.Builder, fields []Field, prefix string) {
	for _, f := range fields {
		name := prefix + f.Name
		fmt.Fprintf(b, "| `%s` | %s | %s | %s |\n", name, typeName(f), rule(f), f.Doc)
		if f.Kind == Object {
			fieldRows(b, f.Fields, name+".")
		}
		if f.Kind == List && f.Elem.Kind == Object {
			fieldRows(b, f.Elem.Fields, name+"[].")
		}
	}
}

// Guide writes the field reference of the editors' guide: every field of
// every collection with its type, rules and meaning, and every taxonomy key
// with its names. CONTRIBUTING.md carries it, and a test keeps the two the
// same.
func Guide(tax map[string]*entry.Taxonomy) string {
	var b strings.Builder
	b.WriteString("### Fields every entry has\n\n| field | type | rules | meaning |\n|---|---|---|---|\n")
	fieldRows(&b, Common, "")
	for _, c := range entry.Collections {
		fmt.Fprintf(&b, "\n### %s\n\n| field | type | rules | meaning |\n|---|---|---|---|\n", strings.ToUpper(string(c[:1]))+string(c[1:]))
		fieldRows(&b, ByCollection[c], "")
	}
	for _, name := range entry.Taxonomies {
		t := tax[name]
		if t == nil {
			continue
		}
		fmt.Fprintf(&b, "\n### Keys of data/%s.yaml\n\n| key | English | 中文 | اردو |\n|---|---|---|---|\n", name)
		for _, term := range t.Terms {
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", term.Key, term.Names["en"], term.Names["zh"], term.Names["ur"])
		}
	}
	return b.String()
}

// Skeleton writes a new entry of collection c: every field present, the
// optional ones commented out, each empty with a comment saying what it
// takes and an example; the body SkeletonBody, so that check names each
// required field, the source and the description until the editor has
// written them.
func Skeleton(c entry.Collection, title string, today entry.Date) string {
	var b strings.Builder
	b.WriteString("---\n")
	for _, f := range For(c) {
		if f.Name == "body" {
			continue
		}
		// Every value is empty, with an example in its comment: an example
		// value would pass check, and be published as if it were a fact.
		// What the editor must fill (the required fields, and a source) is
		// written out, so that check names each until it is; the rest is
		// commented out until needed.
		fill := f.Required || f.Name == "sources"
		val := blank(f)
		switch f.Name {
		case "title":
			val = yamlString(title)
		case "updated":
			val = today.String()
		}
		prefix := ""
		if !fill {
			prefix = "# "
		}
		fmt.Fprintf(&b, "%s%s: %s", prefix, f.Name, val)
		fmt.Fprintf(&b, "  # %s", typeName(f))
		if r := rule(f); r != "" {
			fmt.Fprintf(&b, "; %s", r)
		}
		if f.Doc != "" {
			fmt.Fprintf(&b, "; %s", f.Doc)
		}
		if e := example(f); worthShowing(e, f) && f.Name != "updated" {
			fmt.Fprintf(&b, "; e.g. %s", e)
		}
		b.WriteByte('\n')
		if f.Kind == Object || (f.Kind == List && f.Elem.Kind == Object) {
			sub := f.Fields
			indent := "  "
			if f.Kind == List {
				sub, indent = f.Elem.Fields, "    "
				fmt.Fprintf(&b, "%s  -\n", prefix)
			}
			for _, sf := range sub {
				fmt.Fprintf(&b, "%s%s%s: %s  # %s", prefix, indent, sf.Name, blank(sf), sf.Doc)
				if e := example(sf); worthShowing(e, sf) {
					fmt.Fprintf(&b, "; e.g. %s", e)
				}
				b.WriteByte('\n')
			}
		}
	}
	b.WriteString("---\n" + SkeletonBody)
	return b.String()
}

// SkeletonBody is the body a new entry starts with; the loader refuses an
// entry that still has it.
const SkeletonBody = "Write the description here in Markdown: what the entry is and its key figures. Link to\nrelated entries by their path, as in `[PMDC](/partners/pmdc/)`. Cite every fact under sources.\n"

// worthShowing reports whether e, f's example, says more than its empty
// value does.
func worthShowing(e string, f Field) bool {
	return e != blank(f) && e != "0" && e != ""
}

// blank is an empty value of f's kind (false for a yes-or-no field).
func blank(f Field) string {
	switch {
	case f.Kind == Object || (f.Kind == List && f.Elem.Kind == Object):
		return ""
	case f.Kind == List:
		return "[]"
	case f.Kind == Bool:
		return "false"
	}
	return `""`
}

func example(f Field) string {
	switch {
	case f.Kind == Object || (f.Kind == List && f.Elem.Kind == Object):
		return ""
	case f.Example != "":
		return f.Example
	case f.Kind == List:
		return "[]"
	case f.Kind == Enum:
		return f.Values[0]
	case f.Kind == Bool:
		return "false"
	case f.Kind == Date:
		return "2026-01-01"
	case f.Kind == URL || f.Kind == Contact:
		return "https://example.org/"
	case f.Kind == Email:
		return "info@example.org"
	case f.Kind == Int || f.Kind == Number:
		return "0"
	}
	return `""`
}

func yamlString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
