import { numberText, refuse } from './svg-values.js';

/** Path operations, flattened: MOVE x y, LINE x y, CURVE c1x c1y c2x c2y x y, CLOSE. */
export const MOVE = 0;
/** See MOVE. */
export const LINE = 1;
/** See MOVE. */
export const CURVE = 2;
/** See MOVE. */
export const CLOSE = 3;

const pathToken = /[\s,]*([MmLlHhVvZzAa]|[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/y;
const argumentCount: Record<string, number> = { M: 2, L: 2, H: 1, V: 1, Z: 0, A: 7 };

/**
 * Parses SVG path data (M L H V Z A, absolute and relative) into operations, arcs turned into Béziers. A
 * subpath of zero length is left out, as SVG renderers draw nothing for it; other commands are refused.
 */
export function parsePath(d: string): number[] {
  const bad = (): never => refuse('path', 'd', d);
  const tokens: string[] = [];
  pathToken.lastIndex = 0;
  while (pathToken.lastIndex < d.length) {
    const at = pathToken.lastIndex;
    const match = pathToken.exec(d);
    if (match === null) {
      if (d.slice(at).trim() === '') break;
      return bad();
    }
    tokens.push(match[1] ?? '');
  }
  const out: number[] = [];
  let sub: number[] = [];
  let long = false;
  let x = 0;
  let y = 0;
  let startX = 0;
  let startY = 0;
  const flush = () => {
    if (long) for (const value of sub) out.push(value);
    sub = [];
    long = false;
  };
  const lineTo = (toX: number, toY: number) => {
    if (toX !== x || toY !== y) long = true;
    sub.push(LINE, toX, toY);
    x = toX;
    y = toY;
  };
  let i = 0;
  let command = '';
  while (i < tokens.length) {
    const token = tokens[i] as string;
    if (/^[A-Za-z]$/.test(token)) {
      command = token;
      i++;
    } else if (command === '' || command === 'Z' || command === 'z') bad();
    const upper = command.toUpperCase();
    const relative = command !== upper;
    const count = argumentCount[upper] ?? 0;
    if (out.length === 0 && sub.length === 0 && upper !== 'M') bad();
    const args: number[] = [];
    for (let k = 0; k < count; k++) {
      const value = tokens[i + k];
      if (value === undefined || !numberText.test(value)) bad();
      args.push(Number(value));
    }
    i += count;
    const ox = relative ? x : 0;
    const oy = relative ? y : 0;
    const [a = 0, b = 0, c = 0, d4 = 0, e = 0, f = 0, g = 0] = args;
    switch (upper) {
      case 'M':
        flush();
        x = startX = a + ox;
        y = startY = b + oy;
        sub.push(MOVE, x, y);
        command = relative ? 'l' : 'L';
        break;
      case 'L':
        lineTo(a + ox, b + oy);
        break;
      case 'H':
        lineTo(a + ox, y);
        break;
      case 'V':
        lineTo(x, a + (relative ? y : 0));
        break;
      case 'Z':
        if (x !== startX || y !== startY) long = true;
        sub.push(CLOSE);
        x = startX;
        y = startY;
        break;
      case 'A': {
        if ((d4 !== 0 && d4 !== 1) || (e !== 0 && e !== 1)) bad();
        const toX = f + ox;
        const toY = g + oy;
        if (toX === x && toY === y) break;
        if (a === 0 || b === 0) lineTo(toX, toY);
        else {
          arcTo(sub, x, y, a, b, c, d4, e, toX, toY);
          long = true;
          x = toX;
          y = toY;
        }
        break;
      }
    }
  }
  flush();
  return out;
}

/** An elliptical arc as cubic Béziers of at most 60 degrees each (SVG 1.1 appendix F.6, endpoint to centre). */
function arcTo(out: number[], x0: number, y0: number, rxIn: number, ryIn: number, angle: number, large: number, sweep: number, x: number, y: number): void {
  const phi = (angle * Math.PI) / 180;
  const cos = Math.cos(phi);
  const sin = Math.sin(phi);
  let rx = Math.abs(rxIn);
  let ry = Math.abs(ryIn);
  const x1 = (cos * (x0 - x)) / 2 + (sin * (y0 - y)) / 2;
  const y1 = (cos * (y0 - y)) / 2 - (sin * (x0 - x)) / 2;
  const lambda = (x1 * x1) / (rx * rx) + (y1 * y1) / (ry * ry);
  if (lambda > 1) {
    rx *= Math.sqrt(lambda);
    ry *= Math.sqrt(lambda);
  }
  const r = Math.sqrt(Math.max(0, rx * rx * ry * ry - rx * rx * y1 * y1 - ry * ry * x1 * x1) / (rx * rx * y1 * y1 + ry * ry * x1 * x1));
  const x2 = ((large === sweep ? -1 : 1) * r * rx * y1) / ry;
  const y2 = ((large === sweep ? 1 : -1) * r * ry * x1) / rx;
  const cx = cos * x2 - sin * y2 + (x0 + x) / 2;
  const cy = sin * x2 + cos * y2 + (y0 + y) / 2;
  const th1 = Math.atan2((y1 - y2) / ry, (x1 - x2) / rx);
  let th2 = Math.atan2((-y1 - y2) / ry, (-x1 - x2) / rx);
  if (sweep === 0 && th2 - th1 > 0) th2 -= 2 * Math.PI;
  else if (sweep === 1 && th2 - th1 < 0) th2 += 2 * Math.PI;
  const segments = Math.ceil(Math.abs(th2 - th1) / (Math.PI / 3));
  const at = (th: number, along: number, across: number): [number, number] => [
    cx + cos * rx * (Math.cos(th) - along * Math.sin(th)) - sin * ry * (Math.sin(th) + across * Math.cos(th)),
    cy + sin * rx * (Math.cos(th) - along * Math.sin(th)) + cos * ry * (Math.sin(th) + across * Math.cos(th)),
  ];
  for (let k = 0; k < segments; k++) {
    const th3 = th1 + (k * (th2 - th1)) / segments;
    const th4 = th1 + ((k + 1) * (th2 - th1)) / segments;
    const t = (4 / 3) * Math.tan((th4 - th3) / 4);
    const c1 = at(th3, t, t);
    const c2 = at(th4, -t, -t);
    const end = at(th4, 0, 0);
    out.push(CURVE, c1[0], c1[1], c2[0], c2[1], end[0], end[1]);
  }
  // The last point is the end point given, not the one computed from the centre.
  if (segments > 0) {
    out[out.length - 2] = x;
    out[out.length - 1] = y;
  }
}
