package voice

import (
	"fmt"
	"strings"
)

// Clip names: a pack holds one WAV file per name, <name>.wav. Letters are
// named by the capital letter itself, "A" … "Z".
const (
	ClipChime     = "chime"     // 叮咚
	ClipQing      = "qing"      // 请
	ClipHao       = "hao"       // 号
	ClipDao       = "dao"       // 到
	ClipChuangkou = "chuangkou" // 窗口
	ClipBanli     = "banli"     // 办理
	ClipShi       = "shi"       // 十
	ClipBai       = "bai"       // 百
	ClipQian      = "qian"      // 千
)

// DigitClips are the clips of 零 一 二 三 四 五 六 七 八 九, by value.
var DigitClips = [10]string{"ling", "yi", "er", "san", "si", "wu", "liu", "qi", "ba", "jiu"}

// MaxWindow is the largest window number that can be said.
const MaxWindow = 9999

// maxTicketLen bounds a ticket number: a hall's are 4–6 characters.
const maxTicketLen = 16

// requiredClips are the clips every pack must have; letters are optional.
func requiredClips() []string {
	names := []string{ClipChime, ClipQing, ClipHao, ClipDao, ClipChuangkou, ClipBanli, ClipShi, ClipBai, ClipQian}
	return append(names, DigitClips[:]...)
}

// letterClips are "A" … "Z".
func letterClips() []string {
	names := make([]string, 0, 26)
	for c := 'A'; c <= 'Z'; c++ {
		names = append(names, string(c))
	}
	return names
}

// TicketClips reads a ticket number character by character: letters as
// themselves (lower case is read as upper case), digits as 零 … 九.
// "A001" → A ling ling yi.
func TicketClips(ticket string) ([]string, error) {
	if ticket == "" || len(ticket) > maxTicketLen {
		return nil, fmt.Errorf("%w: ticket number %q", ErrBadCall, ticket)
	}
	names := make([]string, 0, len(ticket))
	for _, c := range ticket {
		switch {
		case c >= '0' && c <= '9':
			names = append(names, DigitClips[c-'0'])
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z':
			names = append(names, strings.ToUpper(string(c)))
		default:
			return nil, fmt.Errorf("%w: ticket number %q has %q", ErrBadCall, ticket, c)
		}
	}
	return names, nil
}

// CardinalClips says n (1 … MaxWindow) as a Chinese cardinal: 3 → 三,
// 10 → 十, 12 → 十二, 20 → 二十, 102 → 一百零二, 1010 → 一千零一十.
// A run of zeros inside the number is said as one 零; trailing zeros are not
// said; 10–19 drop the leading 一 (十二, not 一十二), as announcers do.
func CardinalClips(n int) ([]string, error) {
	if n < 1 || n > MaxWindow {
		return nil, fmt.Errorf("%w: window number %d (1–%d)", ErrBadCall, n, MaxWindow)
	}
	places := [4]string{ClipQian, ClipBai, ClipShi, ""}
	digits := [4]int{n / 1000, n / 100 % 10, n / 10 % 10, n % 10}
	var names []string
	zero := false // a zero is pending between two said digits
	for i, d := range digits {
		if d == 0 {
			zero = len(names) > 0
			continue
		}
		if zero {
			names = append(names, DigitClips[0])
			zero = false
		}
		if !(d == 1 && i == 2 && len(names) == 0) { // 十二, not 一十二
			names = append(names, DigitClips[d])
		}
		if places[i] != "" {
			names = append(names, places[i])
		}
	}
	return names, nil
}

// SentenceClips is one sentence of a call, without the chime:
// 请 <ticket> 号 到 <window> 号 窗口 办理.
func SentenceClips(ticket string, window int) ([]string, error) {
	t, err := TicketClips(ticket)
	if err != nil {
		return nil, err
	}
	w, err := CardinalClips(window)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(t)+len(w)+6)
	names = append(names, ClipQing)
	names = append(names, t...)
	names = append(names, ClipHao, ClipDao)
	names = append(names, w...)
	return append(names, ClipHao, ClipChuangkou, ClipBanli), nil
}

// CallClips is what a call says once: the chime, then the sentence. A
// rendered call repeats the sentence (see Timing); the chime is heard once.
func CallClips(ticket string, window int) ([]string, error) {
	s, err := SentenceClips(ticket, window)
	if err != nil {
		return nil, err
	}
	return append([]string{ClipChime}, s...), nil
}
