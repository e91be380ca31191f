/**
 * The distribution functions the estimates need (normal, Student t, F), written for double precision and
 * checked against R's `pnorm`, `qnorm`, `pt`, `qt` and `pf` (test/fixtures/r/reference.json) to 1e-12.
 * Method: the regularized incomplete beta by its continued fraction (modified Lentz), `lbeta` with Stirling
 * corrections for large arguments (as R's `lbeta`), the normal tail by the incomplete gamma function of
 * order 1/2, quantiles by safeguarded Newton steps.
 */

const LOG_SQRT_2PI = 0.918938533204672741780329736406; // log(sqrt(2 * pi))
const LOG_SQRT_PI = 0.572364942924700087071713675677; // log(sqrt(pi)) = lgamma(1/2)
const EPS = 1e-16;

const LANCZOS = [
  57.1562356658629235, -59.5979603554754912, 14.1360979747417471, -0.491913816097620199,
  0.339946499848118887e-4, 0.465236289270485756e-4, -0.983744753048795646e-4, 0.158088703224912494e-3,
  -0.210264441724104883e-3, 0.217439618115212643e-3, -0.16431810653676389e-3, 0.844182239838527433e-4,
  -0.261908384015814087e-4, 0.368991826595316234e-5,
];

/** log Gamma(x) for x > 0 (Lanczos, relative error about 1e-15). */
export function lgamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  if (x >= 10) return (x - 0.5) * Math.log(x) - x + LOG_SQRT_2PI + stirlingCorrection(x);
  let y = x;
  let ser = 0.999999999999997092;
  for (const c of LANCZOS) ser += c / ++y;
  const tmp = x + 5.2421875;
  return (x + 0.5) * Math.log(tmp) - tmp + Math.log((2.5066282746310005 * ser) / x);
}

/** lgamma(x) - ((x - 1/2) log x - x + log sqrt(2 pi)) for x >= 10: the Stirling series. */
function stirlingCorrection(x: number): number {
  const x2 = 1 / (x * x);
  return (
    (1 / x) *
    (1 / 12 +
      x2 * (-1 / 360 + x2 * (1 / 1260 + x2 * (-1 / 1680 + x2 * (1 / 1188 + x2 * (-691 / 360360 + x2 / 156))))))
  );
}

/** log Beta(a, b), accurate also when one or both arguments are large (as R's `lbeta`). */
export function lbeta(a: number, b: number): number {
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (!(p > 0)) return Number.NaN;
  if (p >= 10) {
    const corr = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(p + q);
    return -0.5 * Math.log(q) + LOG_SQRT_2PI + corr + (p - 0.5) * Math.log(p / (p + q)) + q * Math.log1p(-p / (p + q));
  }
  if (q >= 10) {
    const corr = stirlingCorrection(q) - stirlingCorrection(p + q);
    return lgamma(p) + corr + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q));
  }
  return lgamma(p) + lgamma(q) - lgamma(p + q);
}

/** Continued fraction of the incomplete beta (modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 200000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) return h;
  }
  return h;
}

/**
 * The regularized incomplete beta I_x(a, b), given x and y = 1 - x separately so tails near 0 or 1 keep
 * their precision.
 */
export function incompleteBeta(x: number, y: number, a: number, b: number): number {
  if (Number.isNaN(x) || Number.isNaN(y) || !(a > 0) || !(b > 0)) return Number.NaN;
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log(y) - lbeta(a, b));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(y, b, a)) / b;
}

/** Upper regularized gamma Q(1/2, z) = erfc(sqrt(z)); log Γ(1/2) = log √π exactly. */
function gammaQHalf(z: number): number {
  return gammaUpper(0.5, z, LOG_SQRT_PI);
}

/** The standard normal distribution function P(Z <= x). */
export function pnorm(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const tail = 0.5 * gammaQHalf((x * x) / 2);
  return x < 0 ? tail : 1 - tail;
}

/** The standard normal density. */
function dnorm(x: number): number {
  return Math.exp(-0.5 * x * x - LOG_SQRT_2PI);
}

const ACKLAM_A = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
const ACKLAM_B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const ACKLAM_C = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const ACKLAM_D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];

function poly(c: number[], x: number): number {
  let s = 0;
  for (const v of c) s = s * x + v;
  return s;
}

/** The standard normal quantile: Acklam's approximation refined by Halley steps on `pnorm`. */
export function qnorm(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p > 0.5) return -qnorm(1 - p);
  let x: number;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = poly(ACKLAM_C, q) / (poly(ACKLAM_D, q) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x = (poly(ACKLAM_A, r) * q) / (poly(ACKLAM_B, r) * r + 1);
  }
  for (let i = 0; i < 3; i++) {
    const e = pnorm(x) - p;
    const u = e / dnorm(x);
    const step = u / (1 + (x * u) / 2);
    x -= step;
    if (Math.abs(step) <= 1e-15 * Math.abs(x)) break;
  }
  return x;
}

/** Student's t distribution function P(T <= t) with `df` degrees of freedom (Infinity: the normal). */
export function pt(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (df === Infinity) return pnorm(t);
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const t2 = t * t;
  const tail = 0.5 * incompleteBeta(df / (df + t2), t2 / (df + t2), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/** The t density. */
function dt(t: number, df: number): number {
  return Math.exp(-0.5 * Math.log(df) - lbeta(df / 2, 0.5) - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/** Student's t quantile with `df` degrees of freedom (Infinity: the normal); NaN when df <= 0. */
export function qt(p: number, df: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(df > 0)) return Number.NaN;
  if (df === Infinity) return qnorm(p);
  if (p === 0.5) return 0;
  if (p < 0.5) return -qt(1 - p, df);
  if (p === 1) return Infinity;
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  // start: Cornish-Fisher expansion around the normal quantile
  const z = qnorm(p);
  const z2 = z * z;
  let x =
    z +
    (z * (z2 + 1)) / (4 * df) +
    (z * (5 * z2 * z2 + 16 * z2 + 3)) / (96 * df * df) +
    (z * (3 * z2 * z2 * z2 + 19 * z2 * z2 + 17 * z2 - 15)) / (384 * df * df * df);
  let lo = 0;
  let hi = Infinity;
  if (!(x > 0) || !Number.isFinite(x)) x = 1;
  for (let i = 0; i < 200; i++) {
    const upper = 1 - p; // compare upper tails: precise for p near 1
    const tail = 0.5 * incompleteBeta(df / (df + x * x), (x * x) / (df + x * x), df / 2, 0.5);
    const diff = upper - tail; // > 0 when x is too large
    if (diff > 0) hi = x;
    else lo = x;
    let next = x + (tail - upper) / dt(x, df);
    if (!(next > lo && next < hi)) next = hi === Infinity ? 2 * x + 1 : (lo + hi) / 2;
    if (Math.abs(next - x) <= 1e-15 * Math.abs(x)) return next;
    x = next;
  }
  return x;
}

/** The upper tail P(F > f) of the F distribution with (df1, df2) degrees of freedom (non-integer allowed). */
export function pfUpper(f: number, df1: number, df2: number): number {
  if (Number.isNaN(f) || !(df1 > 0) || !(df2 > 0)) return Number.NaN;
  if (f <= 0) return 1;
  if (f === Infinity) return 0;
  if (df2 === Infinity) return gammaUpper(df1 / 2, (df1 * f) / 2);
  const denom = df2 + df1 * f;
  return incompleteBeta(df2 / denom, (df1 * f) / denom, df2 / 2, df1 / 2);
}

/** Upper regularized gamma Q(a, x), by series (small x) or continued fraction (large x); `logGammaA` = log Γ(a). */
function gammaUpper(a: number, x: number, logGammaA = lgamma(a)): number {
  if (x <= 0) return 1;
  const logFront = -x + a * Math.log(x) - logGammaA;
  if (x < a + 1) {
    let ap = a;
    let del = 1 / a;
    let sum = del;
    for (let n = 0; n < 10000; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * EPS) break;
    }
    return 1 - sum * Math.exp(logFront);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.exp(logFront) * h;
}

/**
 * The beta quantile: the x in [0, 1] with I_x(a, b) = p (R's `qbeta(p, a, b)`), by bisection to full double
 * precision (relative to x, so tiny lower bounds keep their digits); NaN for a, b <= 0 or p outside [0, 1].
 */
export function qbeta(p: number, a: number, b: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(a > 0) || !(b > 0)) return Number.NaN;
  if (p === 0) return 0;
  if (p === 1) return 1;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 2000; i++) {
    // geometric midpoints while the bracket spans orders of magnitude near 0, arithmetic after
    const mid = lo > 0 && hi / lo > 4 ? Math.sqrt(lo * hi) : lo === 0 && hi < 1e-3 ? hi / 16 : (lo + hi) / 2;
    if (!(mid > lo && mid < hi)) break;
    if (incompleteBeta(mid, 1 - mid, a, b) < p) lo = mid;
    else hi = mid;
    if (hi - lo <= 1e-16 * hi) break;
  }
  return (lo + hi) / 2;
}
