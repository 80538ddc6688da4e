// Charts drawn as inline SVG text: vertical bars (counts by hour, a
// histogram) and 100% stacked horizontal bars. No library: the console
// must work in a hall's intranet with no outside network. Each chart is
// an image with a short text alternative (aria-label and <title>); every
// bar carries the attributes the caller gives it (data-…), so tests and
// scripts read the values and not the pixels.
import { esc } from "/assets/halld.js";

const r1 = (x) => Math.round(x * 10) / 10; // coordinates to 0.1 px

// attrs writes {name: value} as HTML attributes.
function attrs(a) {
  return Object.entries(a || {}).map(([k, v]) => ` ${k}="${esc(v)}"`).join("");
}

function frame(w, h, alt, body) {
  return `<svg class="chart-svg" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(alt)}"><title>${esc(alt)}</title>${body}</svg>`;
}

// scale returns a round top of the value axis and its step, with at most
// five steps: counts stay whole numbers.
function scale(max) {
  if (max <= 0) return { top: 1, step: 1 };
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) {
    const step = Math.max(1, m * p);
    if (max / step <= 5) return { top: Math.ceil(max / step) * step, step };
  }
  return { top: max, step: max };
}

// columns draws vertical bars, one per item {label, value, tip, attrs},
// over a value axis with gridlines. xTitle and yTitle name the axes;
// gap is the share of a slot left between bars (small for a histogram).
// marker, if given, is a dashed vertical line at a position counted in
// slots from the left ({at, label, attrs}).
export function columns({ items, alt, xTitle, yTitle, gap = 0.3, marker }) {
  const W = 640, H = 260, L = 44, R = 12, T = 36, B = 46; // T leaves room for the marker's label above the values
  const pw = W - L - R, ph = H - T - B, slot = pw / Math.max(items.length, 1);
  const { top, step } = scale(Math.max(0, ...items.map((i) => i.value)));
  const y = (v) => T + ph - (v / top) * ph;
  let s = "";
  for (let v = 0; v <= top; v += step) {
    s += `<line class="grid" x1="${L}" x2="${W - R}" y1="${r1(y(v))}" y2="${r1(y(v))}"/>`;
    s += `<text class="tick" x="${L - 6}" y="${r1(y(v) + 4)}" text-anchor="end">${v}</text>`;
  }
  const wide = Math.max(...items.map((i) => String(i.label).length)) * 7 + 8; // a label's width, roughly
  const every = Math.max(1, Math.ceil(wide / slot)); // label every nth bar so labels never overlap
  items.forEach((it, i) => {
    const bw = slot * (1 - gap), x = L + i * slot + (slot - bw) / 2, h = (it.value / top) * ph;
    s += `<rect class="bar"${attrs(it.attrs)} x="${r1(x)}" y="${r1(T + ph - h)}" width="${r1(bw)}" height="${r1(h)}"><title>${esc(it.tip)}</title></rect>`;
    if (it.value > 0) s += `<text class="value" x="${r1(x + bw / 2)}" y="${r1(T + ph - h - 4)}" text-anchor="middle">${it.value}</text>`;
    const last = items.length - 1; // always labelled: it may be the open-ended one
    if (i === last || (i % every === 0 && last - i >= every)) s += `<text class="tick" x="${r1(L + (i + 0.5) * slot)}" y="${T + ph + 16}" text-anchor="middle">${esc(it.label)}</text>`;
  });
  s += `<line class="axis" x1="${L}" x2="${W - R}" y1="${T + ph}" y2="${T + ph}"/>`;
  if (marker) {
    const x = r1(L + marker.at * slot);
    s += `<g class="marker"${attrs(marker.attrs)}><line x1="${x}" x2="${x}" y1="${T - 16}" y2="${T + ph}"/>`;
    const right = marker.at < items.length * 0.7; // keep the label inside the chart
    s += `<text x="${right ? x + 5 : x - 5}" y="${T - 20}" text-anchor="${right ? "start" : "end"}">${esc(marker.label)}</text></g>`;
  }
  s += `<text class="title" x="${L + pw / 2}" y="${H - 6}" text-anchor="middle">${esc(xTitle)}</text>`;
  s += `<text class="title" x="${L - 6}" y="${T - 12}" text-anchor="end">${esc(yTitle)}</text>`;
  return frame(W, H, alt, s);
}

// stacked draws one 100% bar per row {label, parts: [{value}], note,
// attrs}, its parts in the colours of keys ({name, colour, ink, attrs}:
// part i of a row takes key i), and the row's note on the right.
export function stacked({ rows, keys, alt }) {
  const W = 640, L = 170, R = 150, RH = 28, T = 6;
  const bw = W - L - R, H = T * 2 + rows.length * RH;
  let s = "";
  rows.forEach((row, j) => {
    const y = T + j * RH, total = row.parts.reduce((a, p) => a + p.value, 0);
    s += `<g class="row"${attrs(row.attrs)}>`;
    s += `<text class="label" x="${L - 8}" y="${y + RH / 2 + 5}" text-anchor="end">${esc(row.label)}</text>`;
    let x = L;
    row.parts.forEach((p, i) => {
      const k = keys[i], w = total ? (p.value / total) * bw : 0;
      s += `<rect${attrs(k.attrs)}${attrs(p.attrs)} x="${r1(x)}" y="${y + 4}" width="${r1(w)}" height="${RH - 8}" fill="${k.colour}"><title>${esc(`${k.name} ${p.value}次`)}</title></rect>`;
      if (p.value && w >= 18) s += `<text class="in" x="${r1(x + w / 2)}" y="${y + RH / 2 + 5}" text-anchor="middle" fill="${k.ink}">${p.value}</text>`;
      x += w;
    });
    s += `<text class="note" x="${L + bw + 8}" y="${y + RH / 2 + 5}">${esc(row.note)}</text></g>`;
  });
  return frame(W, H, alt, s);
}

// legend is the keys of a stacked chart as HTML swatches.
export function legend(keys) {
  return keys.map((k) => `<span class="key"><i style="background:${k.colour}"></i>${esc(k.name)}</span>`).join("");
}
