//go:build !linux

package serialport

import (
	"errors"
	"os"
)

// halld's boards run Linux; elsewhere serial lines are not supported.
func openLine(Config) (*os.File, error) { return nil, errors.ErrUnsupported }

func drainLine(*os.File) error { return errors.ErrUnsupported }
