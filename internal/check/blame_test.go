package check

import "testing"

func TestSentence(t *testing.T) {
	for _, c := range []struct{ text, phrase, want string }{
		{"We saw a loss of 0.07% due to human error. Then it stopped.", "human error", "We saw a loss of 0.07% due to human error."},
		{"Version 1.2.3 had a root cause", "root cause", "Version 1.2.3 had a root cause"},
		{"First. Second, a root cause? Third!", "root cause", "Second, a root cause?"},
		{"One line\nhuman error on\nthe next", "human error", "human error on"},
		{"e.g.human error", "human error", "e.g.human error"},
		{"Ends with human error.", "human error", "Ends with human error."},
	} {
		i := index(c.text, c.phrase)
		if got := sentence(c.text, i, i+len(c.phrase)); got != c.want {
			t.Errorf("sentence(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

func index(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}
