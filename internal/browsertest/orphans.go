package browsertest

import (
	"context"

	"github.com/chromedp/chromedp"
)

// orphansJS lists the visible texts whose last line holds a single
// character ("市场主体登" / "记"): for each text node, the characters are
// grouped into lines by their boxes.
const orphansJS = `(() => {
	const out = [];
	const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	const r = document.createRange();
	for (let n = walk.nextNode(); n; n = walk.nextNode()) {
		const el = n.parentElement;
		if (!el || !el.offsetParent && getComputedStyle(el).position !== "fixed" || el.closest("[hidden], script, style")) continue;
		const chars = [...n.data];
		if (chars.filter((c) => c.trim()).length < 2) continue;
		const lines = [];
		let at = 0, top = null;
		for (const c of chars) {
			r.setStart(n, at);
			r.setEnd(n, at + c.length);
			at += c.length;
			if (!c.trim()) continue;
			const b = r.getClientRects()[0];
			if (!b || b.width === 0) continue;
			if (top === null || b.top > top + b.height / 2) { lines.push(""); top = b.top; }
			lines[lines.length - 1] += c;
		}
		if (lines.length > 1 && [...lines.at(-1)].length === 1) out.push(lines.join("/"));
	}
	return out;
})()`

// Orphans returns the texts on the page whose last line is one lone
// character, as "line/line/x". Screens should break at words or shrink
// the text instead.
func Orphans(ctx context.Context) ([]string, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[[]string](orphansJS))
}
