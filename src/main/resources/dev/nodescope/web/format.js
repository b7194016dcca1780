// How figures are shown, the same on every page.

export function bytes(n) {
  if (n === null || n === undefined) return '';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  return (i === 0 ? String(v) : v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)) + ' ' + units[i];
}

export function count(n) {
  if (n === null || n === undefined) return '';
  return n.toLocaleString('en-US');
}

/** Seconds as the largest two units: 45s, 3m12s, 2h05m, 3d04h. */
export function age(seconds) {
  if (seconds === null || seconds === undefined) return '';
  const s = Math.floor(seconds);
  if (s < 60) return s + 's';
  if (s < 3600) return Math.floor(s / 60) + 'm' + String(s % 60).padStart(2, '0') + 's';
  if (s < 86400) return Math.floor(s / 3600) + 'h' + String(Math.floor(s / 60) % 60).padStart(2, '0') + 'm';
  return Math.floor(s / 86400) + 'd' + String(Math.floor(s / 3600) % 24).padStart(2, '0') + 'h';
}

export function millis(ms) {
  if (ms === null || ms === undefined) return '';
  return ms < 10 ? ms.toFixed(2) + ' ms' : ms < 100 ? ms.toFixed(1) + ' ms' : Math.round(ms) + ' ms';
}

export function rate(perSecond) {
  if (perSecond === null || perSecond === undefined) return '';
  return perSecond < 10 ? perSecond.toFixed(1) + '/s' : Math.round(perSecond).toLocaleString('en-US') + '/s';
}

/** Epoch nanoseconds as local time of day with milliseconds. */
export function clock(epochNanos) {
  const d = new Date(Math.floor(epochNanos / 1e6));
  return d.toTimeString().slice(0, 8) + '.' + String(d.getMilliseconds()).padStart(3, '0');
}
