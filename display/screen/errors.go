package screen

import "errors"

// ErrBadOptions: the Options cannot be used (a voice timing the pack
// cannot render, a notice too long). New wraps it with the reason.
var ErrBadOptions = errors.New("screen: invalid options")
