import { Type } from 'typebox';

/** The schema helpers the modules share: a value or null. */
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

export const ErrorResponse = Type.Object(
  {
    status: Type.Integer(),
    error: Type.String(),
    message: Type.String(),
    path: Type.String(),
    timestamp: Type.String({ format: 'date-time' }),
    requestId: Type.String(),
    fieldErrors: Type.Optional(
      Type.Array(
        Type.Object({
          field: Type.String(),
          message: Type.String(),
          rejectedValue: Type.Optional(Type.Unknown()),
          code: Type.Optional(Type.String({ description: "the reference's error code, where it has one" })),
        }),
      ),
    ),
  },
  { $id: 'Error', description: 'Every error answer has this shape' },
);

/** Error answers for a route's schema, by status code. */
export function errors(...codes: number[]): Record<number, typeof ErrorResponse> {
  return Object.fromEntries(codes.map((c) => [c, ErrorResponse]));
}
