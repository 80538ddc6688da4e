package bx

import "halld/device/led/gbk"

func gbkOf(s string) []byte { return gbk.Encode(s) }
