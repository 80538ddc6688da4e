package serialport

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestValidate(t *testing.T) {
	good := Config{Path: "/dev/ttyUSB0", Baud: 9600, ReadTimeout: 100 * time.Millisecond}
	tests := []struct {
		name  string
		edit  func(*Config)
		field string // "" means valid
	}{
		{"defaults", func(*Config) {}, ""},
		{"full", func(c *Config) { c.DataBits, c.Parity, c.StopBits = 7, "E", 2 }, ""},
		{"odd parity", func(c *Config) { c.Parity = "O" }, ""},
		{"max timeout", func(c *Config) { c.ReadTimeout = 25500 * time.Millisecond }, ""},
		{"no path", func(c *Config) { c.Path = "" }, "Path"},
		{"zero baud", func(c *Config) { c.Baud = 0 }, "Baud"},
		{"odd baud", func(c *Config) { c.Baud = 9601 }, "Baud"},
		{"data bits", func(c *Config) { c.DataBits = 9 }, "DataBits"},
		{"parity mark", func(c *Config) { c.Parity = "M" }, "Parity"},
		{"parity lower", func(c *Config) { c.Parity = "n" }, "Parity"},
		{"stop bits", func(c *Config) { c.StopBits = 3 }, "StopBits"},
		{"no timeout", func(c *Config) { c.ReadTimeout = 0 }, "ReadTimeout"},
		{"short timeout", func(c *Config) { c.ReadTimeout = 99 * time.Millisecond }, "ReadTimeout"},
		{"long timeout", func(c *Config) { c.ReadTimeout = 26 * time.Second }, "ReadTimeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := good
			tt.edit(&c)
			err := c.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, ErrConfig) {
				t.Fatalf("Validate() = %v, want ErrConfig", err)
			}
			if !strings.Contains(err.Error(), tt.field+":") {
				t.Errorf("Validate() = %q, does not name %s", err, tt.field)
			}
		})
	}
}

func TestOpenRejectsBadConfig(t *testing.T) {
	if _, err := Open(Config{Path: "/dev/null", Baud: 1}); !errors.Is(err, ErrConfig) {
		t.Fatalf("Open() = %v, want ErrConfig", err)
	}
}

func TestOpenMissingDevice(t *testing.T) {
	_, err := Open(Config{Path: t.TempDir() + "/ttyNone", Baud: 9600, ReadTimeout: time.Second})
	if err == nil || !strings.Contains(err.Error(), "ttyNone") {
		t.Fatalf("Open() = %v, want an error naming the path", err)
	}
}

func TestErrTimeoutIsTimeout(t *testing.T) {
	var te interface{ Timeout() bool }
	if !errors.As(ErrTimeout, &te) || !te.Timeout() {
		t.Fatal("ErrTimeout does not report Timeout() == true")
	}
}
