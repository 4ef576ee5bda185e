// Reads an Arrow IPC file or stream with npm's apache-arrow, a reader
// independent of arrow-go, and prints its rows as lakehunt's --format json
// writes them, so the Go test can compare the two: integers with all their
// digits, floats as JavaScript prints them (non-finite as null), BLOBs in
// base64, dates, times, timestamps and intervals as text, maps as objects,
// and columns tagged with the arrow.json extension parsed.
// Usage: node read_arrow.js NODE_MODULES_DIR FILE
'use strict';
const path = require('path');
const fs = require('fs');
const arrow = require(path.join(process.argv[2], 'apache-arrow'));

const table = arrow.tableFromIPC(fs.readFileSync(process.argv[3]));

function two(n) { return String(n).padStart(2, '0'); }

function timeOfDay(micros) {
  const ms = micros / 1000n;
  const frac = String(ms % 1000n).padStart(3, '0');
  const s = ms / 1000n;
  return `${two(s / 3600n)}:${two((s / 60n) % 60n)}:${two(s % 60n)}.${frac}`;
}

// interval writes DuckDB's interval text, as result.Interval does.
function interval(words) {
  const months = words[0], days = words[1];
  const nanos = BigInt(words[2] >>> 0) + (BigInt(words[3]) << 32n);
  let micros = nanos / 1000n;
  const parts = [];
  const unit = (n, one, many) => { if (n !== 0) parts.push(`${n} ${n === 1 || n === -1 ? one : many}`); };
  unit(Math.trunc(months / 12), 'year', 'years');
  unit(months % 12, 'month', 'months');
  unit(days, 'day', 'days');
  if (micros !== 0n) {
    let sign = '';
    if (micros < 0n) { sign = '-'; micros = -micros; }
    const h = micros / 3600000000n;
    let text = `${sign}${two(h)}:${two((micros / 60000000n) % 60n)}:${two((micros / 1000000n) % 60n)}`;
    const frac = micros % 1000000n;
    if (frac !== 0n) text += '.' + String(frac).padStart(6, '0').replace(/0+$/, '');
    parts.push(text);
  }
  return parts.length ? parts.join(' ') : '00:00:00';
}

function decimal(value, scale) {
  let digits = BigInt(String(value));
  const sign = digits < 0n ? '-' : '';
  if (digits < 0n) digits = -digits;
  let text = String(digits);
  if (scale === 0) return sign + text;
  text = text.padStart(scale + 1, '0');
  return sign + text.slice(0, -scale) + '.' + text.slice(-scale);
}

// json renders value, of the given Arrow field, as JSON text.
function json(value, field) {
  const type = field.type;
  if (value === null || value === undefined) return 'null';
  if (field.metadata.get('ARROW:extension:name') === 'arrow.json') return JSON.stringify(JSON.parse(value));
  switch (type.typeId) {
    case arrow.Type.Int:
      return String(value);
    case arrow.Type.Float:
      return Number.isFinite(value) ? String(value) : 'null';
    case arrow.Type.Decimal:
      return decimal(value, type.scale);
    case arrow.Type.Bool:
      return String(value);
    case arrow.Type.Utf8:
      return JSON.stringify(value);
    case arrow.Type.Binary:
      return JSON.stringify(Buffer.from(value).toString('base64'));
    case arrow.Type.Date:
      return JSON.stringify(new Date(value).toISOString().slice(0, 10));
    case arrow.Type.Time:
      return JSON.stringify(timeOfDay(BigInt(value)));
    case arrow.Type.Timestamp:
      return JSON.stringify(new Date(Math.floor(value)).toISOString());
    case arrow.Type.Interval:
      return JSON.stringify(interval(value));
    case arrow.Type.List:
    case arrow.Type.FixedSizeList:
      return '[' + [...value].map((v) => json(v, type.children[0])).join(',') + ']';
    case arrow.Type.Struct:
      return '{' + type.children.map((c) => JSON.stringify(c.name) + ':' + json(value[c.name], c)).join(',') + '}';
    case arrow.Type.Map: {
      const [keyField, valueField] = type.children[0].type.children;
      const entries = [];
      for (const [k, v] of value) entries.push(JSON.stringify(String(k)) + ':' + json(v, valueField));
      void keyField;
      return '{' + entries.join(',') + '}';
    }
  }
  throw new Error(`no rendering for ${type} in column ${field.name}`);
}

const lines = [];
for (let i = 0; i < table.numRows; i++) {
  const cells = table.schema.fields.map((f) => JSON.stringify(f.name) + ':' + json(table.getChild(f.name).get(i), f));
  lines.push('{' + cells.join(',') + '}');
}
process.stdout.write('[\n' + lines.join(',\n') + (lines.length ? '\n' : '') + ']\n');
