import { z } from 'zod';

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

/** The `server_name` field of the operations about one server, with v4's wording for its errors. */
export const ServerNameInputSchema = z.string({ error: 'server_name must be a string' }).min(1, { error: 'server_name is required' });
