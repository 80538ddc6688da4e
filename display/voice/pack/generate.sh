#!/bin/sh
# Regenerates the default voice pack of halld (display/voice/pack/*.wav).
#
# Needs espeak-ng (1.51 or later) and sox:  apt-get install -y espeak-ng sox
# Run from anywhere:  sh display/voice/pack/generate.sh
#
# Every clip is one word of the call sentence 请<ticket>号到<window>号窗口办理,
# spoken by espeak-ng's Mandarin voice with pinyin input and tone numbers
# (plain "-v cmn" in 1.51 reads the tone digits in English). Letters are read
# by the same voice as hall announcers read them (A "ei", B "bi", ...).
# Each clip is trimmed of silence, normalised to the same peak level and
# written as 16 kHz mono signed 16-bit WAV. The chime is two decaying sine
# tones (叮 E5, 咚 C5) made by sox. The daemon embeds the result; it never
# needs espeak-ng or sox itself.
set -eu

dir=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

RATE=16000
SPEED=${SPEED:-175}   # words per minute (espeak-ng default)
PITCH=${PITCH:-50}    # espeak-ng default
PEAK=${PEAK:--3}      # dBFS after normalisation

# finish IN OUT: trim silence at both ends, normalise, resample, 16-bit mono.
# -D: no dither, so that regenerating gives the same bytes.
finish() {
	sox -D "$1" -r "$RATE" -b 16 -c 1 -e signed-integer "$2" \
		silence 1 0.01 0.5% reverse silence 1 0.01 0.5% reverse \
		gain -6 rate -v "$RATE" gain -n "$PEAK"
}

say() { # say NAME PINYIN
	espeak-ng -v cmn-latn-pinyin -s "$SPEED" -p "$PITCH" -w "$tmp/$1.raw.wav" "$2"
	finish "$tmp/$1.raw.wav" "$dir/$1.wav"
}

# Words of the sentence.
say qing      qing3
say hao       hao4
say dao       dao4
say chuangkou chuang1kou3
say banli     ban4li3

# Digits, read one by one in ticket numbers and used in window cardinals.
say ling ling2
say yi   yi1
say er   er4
say san  san1
say si   si4
say wu   wu3
say liu  liu4
say qi   qi1
say ba   ba1
say jiu  jiu3

# Place words of cardinals (十二, 一百零二, 两千 is read 二千).
say shi  shi2
say bai  bai3
say qian qian1

# Letters: the Mandarin voice reads a lone capital letter the Chinese way.
for l in A B C D E F G H I J K L M N O P Q R S T U V W X Y Z; do
	say "$l" "$l"
done

# Chime 叮咚: two sine tones with a short attack and a long fade.
sox -D -n -r "$RATE" -b 16 -c 1 "$tmp/ding.wav" synth 0.45 sine 659.25 fade l 0.005 0.45 0.40 gain -6
sox -D -n -r "$RATE" -b 16 -c 1 "$tmp/dong.wav" synth 0.80 sine 523.25 fade l 0.005 0.80 0.75 gain -6
sox -D "$tmp/ding.wav" "$tmp/dong.wav" "$dir/chime.wav" gain -n "$PEAK"

echo "voice pack written to $dir:"
du -ch "$dir"/*.wav | tail -1
