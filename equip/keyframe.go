package equip

import (
	"fmt"
	"strconv"
	"time"

	"halld/device/keypad"
	"halld/device/keypad/serialkey"
)

// config converts the TOML frame to the decoder's config and checks it
// with the decoder itself, so a bad layout is refused at load.
func (f *KeyFrame) config() (serialkey.Config, error) {
	bytesOf := func(field string, in []int) ([]byte, error) {
		out := make([]byte, len(in))
		for i, v := range in {
			if v < 0 || v > 255 {
				return nil, fmt.Errorf("%s[%d]: %d is not a byte", field, i, v)
			}
			out[i] = byte(v)
		}
		return out, nil
	}
	c := serialkey.Config{Length: f.Length, KeyOffset: f.KeyOffset, AddrOffset: f.AddrOffset,
		AnyAddress: f.AnyAddress, Checksum: serialkey.Checksum(f.Checksum), CheckFrom: f.CheckFrom,
		CheckTo: f.CheckTo, CRCHighFirst: f.CRCHighFirst, PollEvery: time.Duration(f.PollMS) * time.Millisecond,
		Keys: map[byte]keypad.Level{}}
	var err error
	if c.Header, err = bytesOf("header", f.Header); err != nil {
		return c, err
	}
	if c.Trailer, err = bytesOf("trailer", f.Trailer); err != nil {
		return c, err
	}
	if c.Poll, err = bytesOf("poll", f.Poll); err != nil {
		return c, err
	}
	if f.Address < 0 || f.Address > 255 {
		return c, fmt.Errorf("address: %d is not a byte", f.Address)
	}
	c.Address = byte(f.Address)
	if c.Checksum == "" {
		c.Checksum = serialkey.None
	}
	for code, lv := range f.Keys {
		n, err := strconv.ParseUint(code, 0, 8)
		if err != nil {
			return c, fmt.Errorf("keys.%s: not a byte (write 49 or \"0x31\")", code)
		}
		if !keypad.Level(lv).Valid() {
			return c, fmt.Errorf("keys.%s: level %d is not 1…5", code, lv)
		}
		c.Keys[byte(n)] = keypad.Level(lv)
	}
	if _, err := serialkey.NewDecoder(c); err != nil {
		return c, err
	}
	return c, nil
}
