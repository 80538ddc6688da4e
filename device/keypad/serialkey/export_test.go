package serialkey

// Buffered lets tests check the decoder's memory bound.
func (d *Decoder) Buffered() int { return len(d.buf) }

var CRC16ModbusForTest = crc16Modbus
