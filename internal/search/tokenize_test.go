package search

import (
	"slices"
	"strings"
	"testing"
)

func TestTokens(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []string
	}{
		{"english case and stop words", "The Copper Mine of Chagai", []string{"copper", "mine", "chagai"}},
		{"diacritics folded", "Café Señor naïve", []string{"cafe", "senor", "naive"}},
		{"digits kept", "Phase 1 of 45 Mtpa", []string{"phase", "45", "mtpa"}},
		{"chinese bigrams", "铜矿项目", []string{"铜", "铜矿", "矿", "矿项", "项", "项目", "目"}},
		{"mixed scripts", "MCC中冶集团", []string{"mcc", "中", "中冶", "冶", "冶集", "集", "集团", "团"}},
		{"urdu yeh and kaf", "بلوچستاني كان", []string{"بلوچستانی", "کان"}},
		{"urdu diacritics", "مَعدنیات", []string{"معدنیات"}},
		{"urdu heh", "پاكستانه", []string{"پاکستانہ"}},
		{"hamza forms", "آزاد", []string{"ازاد"}},
	}
	for _, c := range cases {
		if got := Tokens(c.in); !slices.Equal(got, c.want) {
			t.Errorf("%s: Tokens(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
	}
}

func TestSmallIndexHasEmptyListsNotNull(t *testing.T) {
	idx, err := Build(1, func(int) Doc {
		return Doc{Collection: "projects", Slug: "a", Title: []string{"Copper"}, Display: map[string][2]string{"en": {"Copper", "s"}}}
	}, Options{Langs: []string{"en"}, Collections: []string{"projects"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range idx.Files {
		if strings.HasPrefix(f.Name, Dir+"meta.") && strings.Contains(string(f.Data), "null") {
			t.Errorf("meta holds null, which the client cannot read: %s", f.Data)
		}
	}
}
