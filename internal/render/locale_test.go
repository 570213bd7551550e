package render

import (
	"testing"

	"github.com/emine-dev/emine/internal/entry"
)

func locale(code string, strs map[string]string) *Locale {
	return &Locale{Lang: entry.Language{Code: code}, strings: strs, fallback: map[string]string{}}
}

func TestFormatting(t *testing.T) {
	en := locale("en", map[string]string{"month.1": "January", "month.3": "March", "num.billion": "%s billion", "num.million": "%s million", "currency.USD": "US$%s"})
	zh := locale("zh", map[string]string{"month.1": "1月", "num.yi": "%s亿", "num.wan": "%s万", "currency.USD": "%s美元"})
	ur := locale("ur", map[string]string{"month.1": "جنوری", "num.arab": "%s ارب", "num.crore": "%s کروڑ", "num.lakh": "%s لاکھ", "currency.PKR": "%s روپے"})
	cases := []struct{ got, want string }{
		{en.Date(entry.Date{Year: 2026, Month: 1, Day: 28}), "28 January 2026"},
		{en.Date(entry.Date{Year: 2025, Month: 3}), "March 2025"},
		{en.Date(entry.Date{Year: 1948}), "1948"},
		{zh.Date(entry.Date{Year: 2026, Month: 1, Day: 28}), "2026年1月28日"},
		{zh.Date(entry.Date{Year: 2002}), "2002年"},
		{ur.Date(entry.Date{Year: 2026, Month: 1, Day: 28}), "28 جنوری 2026"},
		{en.Int(1234567), "1,234,567"},
		{ur.Int(1234567), "12,34,567"},
		{ur.Int(999), "999"},
		{en.Money(5.6e9, "USD"), "US$5.6 billion"},
		{en.Money(45e6, "USD"), "US$45 million"},
		{en.Money(12500, "USD"), "US$12,500"},
		{zh.Money(5.6e9, "USD"), "56亿美元"},
		{zh.Money(45e6, "USD"), "4500万美元"},
		{ur.Money(13.5e9, "PKR"), "13.5 ارب روپے"},
		{ur.Money(45e6, "PKR"), "4.5 کروڑ روپے"},
		{ur.Money(250000, "PKR"), "2.5 لاکھ روپے"},
		{en.Number(0.36), "0.36"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
