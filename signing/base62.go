package signing

import "math"

const base62Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// b62Encode is Django's b62_encode: digits of base62Alphabet, most
// significant first, with a leading "-" for a negative number.
func b62Encode(n int64) string {
	if n == 0 {
		return "0"
	}
	var buf [12]byte
	i := len(buf)
	u := uint64(n)
	if n < 0 {
		u = uint64(-(n + 1)) + 1 // math.MinInt64 too
	}
	for u > 0 {
		i--
		buf[i] = base62Alphabet[u%62]
		u /= 62
	}
	if n < 0 {
		i--
		buf[i] = '-'
	}
	return string(buf[i:])
}

// b62Decode is Django's b62_decode, refusing what Django's would turn
// into nonsense: an empty string, a character outside the alphabet, and a
// number past int64.
func b62Decode(s string) (int64, bool) {
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	if s == "" {
		return 0, false
	}
	var u uint64
	for i := 0; i < len(s); i++ {
		d := digit62(s[i])
		if d < 0 || u > (math.MaxUint64-uint64(d))/62 {
			return 0, false
		}
		u = u*62 + uint64(d)
	}
	switch {
	case !neg && u <= math.MaxInt64:
		return int64(u), true
	case neg && u <= math.MaxInt64+1:
		return -int64(u-1) - 1, true
	}
	return 0, false
}

func digit62(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 36
	}
	return -1
}
