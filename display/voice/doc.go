// Package voice turns a window call into speech by joining short WAV clips:
// a chime, then 请 <ticket> 号到 <window> 号窗口办理, said Repeats times with
// a pause between.
//
// Ticket numbers are read character by character (A001 → A 零 零 一), window
// numbers as Chinese cardinals (12 → 十二, 102 → 一百零二, up to 9999).
// CallClips gives the clip names of a call without touching audio; a Pack
// renders them as PCM (CallPCM) or as a WAV file (CallWAV). A recall is the
// same sentence: render the call again.
//
// A Pack is a set of WAV clips named after the syllables they say (qing.wav,
// hao.wav, A.wav, ling.wav, shi.wav, chime.wav …; see Clip names). The
// default pack (DefaultPack) was made once with espeak-ng by
// pack/generate.sh and is embedded, so nothing is synthesised at run time. A
// hall can replace it with its own recordings under the same names
// (LoadDir); all clips must share one format (16-bit PCM, mono or stereo, one
// sample rate) and are trimmed of leading and trailing silence at load.
//
// Caveats: the WAV reader accepts only 16-bit little-endian integer PCM
// (plain or WAVE_FORMAT_EXTENSIBLE); anything else is refused with
// ErrUnsupportedFormat rather than converted. Letter clips are optional in a
// pack (a hall may use only a few letters); a call with a missing letter
// fails with ErrMissingClip when rendered. The default voice is espeak-ng's:
// intelligible but robotic.
package voice
