import type { z } from 'zod';

export interface HttpBinding {
  method: 'GET' | 'POST';
  /** Under /api. */
  path: string;
  /** Input fields read from the query string rather than the body. */
  query?: readonly string[];
}

export interface OperationSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  summary: string;
  http: HttpBinding;
  input: I;
  output: O;
}

export const operation = <I extends z.ZodType, O extends z.ZodType>(spec: OperationSpec<I, O>) => spec;
