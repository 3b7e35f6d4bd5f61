/** What to show a person for a failed call: the hub's message (HubClientError) or the error's. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
