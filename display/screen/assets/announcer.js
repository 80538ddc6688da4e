// announcer.js — the hall screen's one audio queue. Every call is fetched
// as a WAV from halld as soon as it is queued, and played only when the one
// before it has ended: announcements never overlap and are never cut off.

// The log keeps the last announcements for tests and for diagnosis from the
// browser console.
const LOG_MAX = 200;
// A WAV that neither ends nor fails (a stuck audio device) must not stop
// the queue: give up when it has made no progress for this long. Progress,
// not the clock: on a busy machine a WAV may take longer than it lasts to
// start and to play, and it is still being heard.
const STALL_MS = 5000;
// Before any progress: fetching is done, so this is the audio device
// opening, which a busy machine can delay.
const START_MS = 15000;

const DIGITS = "零一二三四五六七八九";

// speechText is the sentence for browser speech synthesis, digits read one
// by one as the WAV does: A001 → A零零一.
export function speechText(number, window) {
  const n = [...number].map((c) => (c >= "0" && c <= "9" ? DIGITS[c] : c)).join("");
  return `请${n}号，到${window}号窗口办理`;
}

// localChineseVoice is a zh-CN voice that needs no network, or null.
function localChineseVoice() {
  const synth = globalThis.speechSynthesis;
  if (!synth) return null;
  return synth.getVoices().find((v) => v.localService && /^zh[-_]CN$/i.test(v.lang)) || null;
}

export class Announcer {
  // repeats: how many times the speech fallback says the sentence (the WAV
  // has its own repeats). onBlocked: the browser refused to play sound.
  constructor({ enabled = true, repeats = 2, onBlocked = () => {}, onPlayed = () => {} } = {}) {
    this.enabled = enabled;
    this.repeats = repeats;
    this.onBlocked = onBlocked;
    this.onPlayed = onPlayed;
    this.log = [];
    this.queue = [];
    this.busy = false;
  }

  // say queues one announcement; kind is "call" or "recall". It returns the
  // log entry, which fills in as the announcement plays.
  say(number, window, kind) {
    const url = `/api/v1/voice/call.wav?number=${encodeURIComponent(number)}&window=${encodeURIComponent(window)}`;
    const entry = {
      url, number, window, kind, queued: performance.now(),
      start: null, duration: null, end: null, ended: false, via: null, error: null, done: false,
    };
    this.log.push(entry);
    if (this.log.length > LOG_MAX) this.log.splice(0, this.log.length - LOG_MAX);
    if (!this.enabled) {
      entry.error = "muted";
      entry.done = true;
      return entry;
    }
    // Fetch now so the next WAV is ready the moment this one ends.
    const wav = fetch(url).then((r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      return r.blob();
    });
    wav.catch(() => {}); // reported when its turn comes
    this.queue.push({ entry, wav });
    if (!this.busy) this._next();
    return entry;
  }

  async _next() {
    this.busy = true;
    while (this.queue.length > 0) {
      const item = this.queue.shift();
      try {
        await this._playWAV(item);
      } catch (e) {
        item.entry.error = String((e && e.message) || e);
        if (e && e.name === "NotAllowedError") this.onBlocked();
        // Speak instead only if the WAV was never heard.
        if (item.entry.start === null) await this._speak(item.entry);
      }
      item.entry.done = true; // its turn is over, whatever happened
      this.onPlayed(item.entry);
    }
    this.busy = false;
  }

  async _playWAV({ entry, wav }) {
    const blob = await wav;
    const src = URL.createObjectURL(blob);
    const audio = new Audio();
    try {
      await new Promise((resolve, reject) => {
        let guard = 0;
        const arm = (ms) => {
          clearTimeout(guard);
          guard = setTimeout(() => reject(new Error("audio stalled")), ms);
        };
        audio.onloadedmetadata = () => {
          entry.duration = audio.duration;
          arm(START_MS);
        };
        audio.onplaying = () => {
          if (entry.start === null) entry.start = performance.now();
          entry.via = "wav";
          arm(STALL_MS);
        };
        audio.ontimeupdate = () => arm(STALL_MS); // it is playing: a few times a second
        audio.onended = () => {
          clearTimeout(guard);
          entry.end = performance.now();
          entry.ended = true;
          resolve();
        };
        audio.onerror = () => {
          clearTimeout(guard);
          reject(new Error(`audio error ${audio.error ? audio.error.code : ""}`));
        };
        arm(START_MS);
        audio.src = src;
        audio.play().catch((e) => {
          clearTimeout(guard);
          reject(e);
        });
      });
    } finally {
      audio.pause(); // a stalled one must not sound over the next
      audio.removeAttribute("src");
      URL.revokeObjectURL(src);
    }
  }

  // _speak is the fallback: only with a local zh-CN voice, since an online
  // voice would need the Internet a hall network does not have.
  _speak(entry) {
    const voice = localChineseVoice();
    if (!voice) return Promise.resolve();
    const synth = globalThis.speechSynthesis;
    return new Promise((resolve) => {
      const text = Array(Math.max(1, this.repeats)).fill(speechText(entry.number, entry.window)).join("。");
      const u = new SpeechSynthesisUtterance(text);
      u.voice = voice;
      u.lang = voice.lang;
      let guard = 0;
      const done = (ok) => {
        clearTimeout(guard);
        entry.end = performance.now();
        entry.ended = ok;
        resolve();
      };
      u.onstart = () => {
        entry.start = performance.now();
        entry.via = "speech";
      };
      u.onend = () => done(true);
      u.onerror = () => done(false);
      guard = setTimeout(() => {
        synth.cancel();
        done(false);
      }, 30000);
      synth.speak(u);
    });
  }
}
