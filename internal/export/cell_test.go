package export

import "testing"

// TestSpreadsheetCell: SPEC v2's rule for CSV cells, and only it.
func TestSpreadsheetCell(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"http://evil.example\",\"x\")": "'=HYPERLINK(\"http://evil.example\",\"x\")",
		"+1+1":       "'+1+1",
		"-2+3":       "'-2+3",
		"@SUM(A1)":   "'@SUM(A1)",
		"\t=1":       "'\t=1",
		"\r=1":       "'\r=1",
		"":           "",
		"Drill":      "Drill",
		"a=b":        "a=b",
		" =1":        " =1",
		"'quoted":    "'quoted",
		"2025-03-01": "2025-03-01",
	} {
		if got := SpreadsheetCell(in); got != want {
			t.Errorf("SpreadsheetCell(%q) = %q, want %q", in, got, want)
		}
	}
}
