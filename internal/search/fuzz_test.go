package search

import (
	"strings"
	"testing"
	"unicode"
)

// FuzzTokens: tokens are non-empty, hold no spaces or marks, and
// normalising twice changes nothing.
func FuzzTokens(f *testing.F) {
	for _, s := range []string{"Copper Mine", "铜矿项目", "بلوچستاني كان", "Café", "\u0301\u200c", "MCC中冶"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, tok := range Tokens(s) {
			if tok == "" || strings.ContainsFunc(tok, func(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Mn, r) }) {
				t.Fatalf("Tokens(%q) gave %q", s, tok)
			}
		}
		if n := Normalize(s); Normalize(n) != n {
			t.Fatalf("Normalize is not stable on %q", s)
		}
	})
}
