/** Typed failures of the use cases; the error handler maps them to HTTP (one place). */
export interface FieldError {
  field: string;
  message: string;
  rejectedValue?: unknown;
  /** The reference's error code where it has one (`socialsecuritynr.already.exists`); additive. */
  code?: string;
}

export class AppError extends Error {
  readonly status: number;
  readonly fieldErrors?: FieldError[];

  constructor(status: number, message: string, fieldErrors?: FieldError[]) {
    super(message);
    this.status = status;
    this.fieldErrors = fieldErrors;
  }
}

export class Invalid extends AppError {
  constructor(message: string, fieldErrors?: FieldError[]) {
    super(400, message, fieldErrors);
  }

  static field(field: string, message: string, rejectedValue?: unknown): Invalid {
    return new Invalid(`${field}: ${message}`, [{ field, message, rejectedValue }]);
  }
}

export class Unauthenticated extends AppError {
  constructor(message = 'authentication required') {
    super(401, message);
  }
}

export class Forbidden extends AppError {
  constructor(message = 'not allowed') {
    super(403, message);
  }
}

export class NotFound extends AppError {
  constructor(message = 'not found') {
    super(404, message);
  }
}

export class Conflict extends AppError {
  constructor(message: string) {
    super(409, message);
  }
}

export class TooLarge extends AppError {
  constructor(message: string) {
    super(413, message);
  }
}

export class TooManyRequests extends AppError {
  constructor(message = 'too many requests') {
    super(429, message);
  }
}

export class ServiceUnavailable extends AppError {
  constructor(message: string) {
    super(503, message);
  }
}
