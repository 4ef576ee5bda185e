// Package jsontext holds what the CloudTrail record scanner and the OCSF
// mapper share about JSON text: decoding a string literal's content.
package jsontext

import (
	"unicode/utf16"
	"unicode/utf8"
)

// HexValue is the value of a hexadecimal digit, or -1.
func HexValue(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// AppendUnescaped appends the text of a string literal's content (without
// its quotes), whose escapes the caller has already checked. Invalid UTF-8
// and lone surrogates become U+FFFD, as encoding/json does, so every
// consumer sees the same text.
func AppendUnescaped(dst, s []byte) []byte {
	for len(s) > 0 {
		plain := 0
		for plain < len(s) && s[plain] != '\\' && s[plain] < utf8.RuneSelf {
			plain++
		}
		dst = append(dst, s[:plain]...)
		s = s[plain:]
		if len(s) == 0 {
			break
		}
		if s[0] != '\\' {
			r, size := utf8.DecodeRune(s)
			if r == utf8.RuneError && size == 1 {
				dst = utf8.AppendRune(dst, r)
			} else {
				dst = append(dst, s[:size]...)
			}
			s = s[size:]
			continue
		}
		switch c := s[1]; c {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r := hex4(s[2:6])
			s = s[6:]
			if utf16.IsSurrogate(r) {
				low := utf8.RuneError
				if len(s) >= 6 && s[0] == '\\' && s[1] == 'u' {
					low = hex4(s[2:6])
				}
				if pair := utf16.DecodeRune(r, low); pair != utf8.RuneError {
					r = pair
					s = s[6:]
				} else {
					r = utf8.RuneError
				}
			}
			dst = utf8.AppendRune(dst, r)
			continue
		default: // '"', '\\', '/'
			dst = append(dst, c)
		}
		s = s[2:]
	}
	return dst
}

func hex4(h []byte) rune {
	return rune(HexValue(h[0])<<12 | HexValue(h[1])<<8 | HexValue(h[2])<<4 | HexValue(h[3]))
}
