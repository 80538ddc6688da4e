package booking

import (
	"crypto/rand"
	"strings"
)

// codeAlphabet has no 0/O and 1/I: a code is read aloud and typed on a
// kiosk. 32 letters, 8 of them: 40 random bits.
const codeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

const codeLen = 8

func newCode() string {
	b := make([]byte, codeLen)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	for i := range b {
		b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
	}
	return string(b)
}

// normCode upper-cases a typed code and drops spaces and dashes; it
// returns "" for anything that cannot be a code.
func normCode(s string) string {
	s = strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(s)))
	if len(s) != codeLen {
		return ""
	}
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune(codeAlphabet, rune(s[i])) {
			return ""
		}
	}
	return s
}
