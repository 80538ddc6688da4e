//go:build !linux

package evdev

import (
	"errors"
	"os"
)

func grab(*os.File) error { return errors.New("input devices need Linux") }
