// keytar is an optional native module: where it could not be built, npm leaves it out, and the
// type-check must not depend on it. This is the part of its API the hub uses (see
// main/hub/secrets/keychain-store.ts, which checks at run time that the loaded module has it).
declare module 'keytar' {
  export function getPassword(service: string, account: string): Promise<string | null>;
  export function setPassword(service: string, account: string, password: string): Promise<void>;
  export function deletePassword(service: string, account: string): Promise<boolean>;
  export function findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}
