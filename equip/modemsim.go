package equip

import (
	"halld/device/gsm/gsmsim"
	"halld/queue"
)

// simModem is a simulated modem as /sim/ draws it: the messages its
// network "delivered", decoded from the PDUs the driver sent, the phone
// masked like everywhere else.
type simModem struct {
	ID       string        `json:"id"`
	Faults   gsmsim.Faults `json:"faults"`
	Messages []simSMS      `json:"messages"` // newest first
	Commands []string      `json:"commands"` // the last AT commands
}

type simSMS struct {
	gsmsim.Received
}

func (q *Equip) simModems() []simModem {
	var out []simModem
	for _, g := range q.modems {
		if g.sim == nil {
			continue
		}
		sm := simModem{ID: g.cfg.ID, Faults: g.sim.Faults(), Messages: []simSMS{}}
		msgs := g.sim.Messages()
		for i := len(msgs) - 1; i >= 0 && len(sm.Messages) < 20; i-- {
			r := msgs[i]
			r.To = queue.MaskPhone(r.To)
			sm.Messages = append(sm.Messages, simSMS{r})
		}
		cmds := g.sim.Commands()
		sm.Commands = cmds[max(0, len(cmds)-8):]
		out = append(out, sm)
	}
	return out
}

// setModemFaults applies faults chosen on /sim/ to a simulated modem.
func (q *Equip) setModemFaults(id string, f gsmsim.Faults) bool {
	for _, g := range q.modems {
		if g.cfg.ID == id && g.sim != nil {
			g.sim.SetFaults(f)
			select { // look at it now rather than at the next check
			case g.wrong <- struct{}{}:
			default:
			}
			return true
		}
	}
	return false
}
