// A hetu anywhere in a string: DDMMYY, century sign, ZZZ, check character.
const HETU_IN_TEXT = /\b(\d{6})([-+A-FU-Y])\d{3}[0-9A-Y]\b/g;

/** Personal data stays out of application logs: hetus keep only their birth date part. */
export function maskHetusInText(text: string): string {
  return text.replace(HETU_IN_TEXT, '$1$2****');
}

function maskLogArgument(arg: unknown): unknown {
  if (typeof arg === 'string') return maskHetusInText(arg);
  if (arg === null || typeof arg !== 'object' || Array.isArray(arg) || arg instanceof Error) return arg;
  const masked: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(arg)) {
    masked[key] = typeof value === 'string' ? maskHetusInText(value) : value;
  }
  return masked;
}

/** A client's request id is echoed and logged on every line: one that carries a hetu is not kept. */
export function containsHetu(text: string): boolean {
  return maskHetusInText(text) !== text;
}

/** pino options shared by the server and the workers. */
export function loggerOptions(level: string) {
  return {
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
      censor: '[redacted]',
    },
    hooks: {
      // Messages and the string fields of logged objects (url, caller id, …) are masked: a
      // client decides what goes into them, and may put a hetu anywhere.
      logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(this, args.map(maskLogArgument));
      },
    },
    serializers: {
      req(req: { method: string; url: string; id: string }) {
        return { method: req.method, url: maskHetusInText(req.url), id: req.id };
      },
      err(err: Error & { code?: string }) {
        return {
          type: err.name,
          message: maskHetusInText(err.message),
          code: err.code,
          stack: maskHetusInText(err.stack ?? ''),
        };
      },
    },
  };
}
