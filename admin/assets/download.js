// Files made in the browser: CSV text and saving a Blob under a name.

// csv joins rows of cells as CSV (RFC 4180: CRLF, quotes doubled), with a
// byte-order mark so Excel reads the Chinese as UTF-8.
export function csv(rows) {
  const cell = (v) => {
    const s = String(v ?? "");
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return "\ufeff" + rows.map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}

// save offers blob as a download named name.
export function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000); // after the download has read it
}
