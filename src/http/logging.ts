// A hetu anywhere in a string: DDMMYY, century sign, ZZZ, check character.
const HETU_IN_TEXT = /\b(\d{6})([-+A-FU-Y])\d{3}[0-9A-Y]\b/g;

/** Personal data stays out of application logs: hetus keep only their birth date part. */
export function maskHetusInText(text: string): string {
  return text.replace(HETU_IN_TEXT, '$1$2****');
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
      logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? maskHetusInText(a) : a)),
        );
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
