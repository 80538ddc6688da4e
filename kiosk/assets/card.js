// card.js — the ID card read at this kiosk's reader (docs/api.md, "ID
// cards"). The kiosk page uses it to take a ticket with the card; other
// kiosk pages (appointment check-in) can use it the same way.
//
// The page never sees the number: each read comes as {seq, token, masked,
// read_at, expires} (or {seq, error:{code, message}} for a bad read), and
// the request that uses the card sends the token.
import { call } from "/assets/halld.js";

export class CardWatch {
  // onCard(card) is called for every read at kioskID.
  constructor(kioskID, onCard) {
    this.kioskID = kioskID;
    this.onCard = onCard;
    this.after = 0;
    this.running = false;
  }

  start() {
    if (this.running) return;
    this.running = true;
    this.loop();
  }

  async loop() {
    const path = `/api/v1/kiosks/${encodeURIComponent(this.kioskID)}/cards/wait`;
    while (this.running) {
      try {
        const r = await call("POST", path, { after: this.after });
        if (r.card) {
          this.after = r.card.seq;
          this.onCard(r.card);
        }
      } catch (e) {
        if (e.code === "no_card_reader") { this.running = false; return; }
        await new Promise((ok) => setTimeout(ok, 2000)); // offline: the badge shows it
      }
    }
  }
}
