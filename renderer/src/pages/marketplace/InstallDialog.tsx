import { useId, useRef, useState, type FormEvent } from 'react';
import { HubClientError } from '../../../../shared/hub-client.js';
import type { InstallInput, InstallOption, MarketplaceEntry } from '../../../../shared/marketplace.js';
import type { ServerInfo } from '../../../../shared/status.js';
import { routeHref } from '../../app/router.js';
import { useHub, useServers } from '../../app/stores.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorBanner } from '../../components/States.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { optionLabel, suggestServerName } from './format.js';
import { errorMessage } from '../../../../shared/errors.js';

export interface InstallDialogProps {
  entry: MarketplaceEntry;
  /** The entry's packages and remotes, as the details describe them. */
  options: readonly InstallOption[];
  /** The hub's config files; a choice is offered when there are several. */
  configFiles: readonly string[];
  onClose(): void;
}

const KIND_LABELS: Record<InstallInput['kind'], string> = {
  environment: 'environment variable',
  header: 'HTTP header',
  argument: 'argument',
  variable: 'value',
};

/** Filled in by nobody and with no default: the hub would refuse the install. */
function isMissing(input: InstallInput, value: string | undefined): boolean {
  return input.isRequired && input.default === undefined && (value ?? '') === '';
}

function InputField({
  input,
  value,
  error,
  onChange,
}: {
  input: InstallInput;
  value: string;
  error: string | undefined;
  onChange(value: string): void;
}) {
  const id = useId();
  const hint = `${id}-hint`;
  const common = {
    id,
    'aria-invalid': error !== undefined,
    'aria-describedby': hint,
    'aria-required': input.isRequired && input.default === undefined,
  };
  const choices = input.choices ?? (input.format === 'boolean' ? ['true', 'false'] : undefined);
  const defaultHint = input.default === undefined ? undefined : `default: ${input.isSecret ? '(hidden)' : input.default}`;
  return (
    <div className="install-field">
      <label htmlFor={id}>
        <span className="mono">{input.key}</span>{' '}
        <span className="muted">
          {KIND_LABELS[input.kind]}, {input.isRequired ? 'required' : 'optional'}
          {input.isSecret ? ', secret' : ''}
        </span>
      </label>
      {choices ? (
        <select {...common} value={value} onChange={(event) => onChange(event.target.value)}>
          <option value="">{input.default !== undefined ? `(${defaultHint})` : input.isRequired ? '(choose)' : '(none)'}</option>
          {choices.map((choice) => (
            <option key={choice} value={choice}>
              {choice}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          // A secret is never shown, and never offered to the browser's autofill or password manager.
          type={input.isSecret ? 'password' : 'text'}
          autoComplete={input.isSecret ? 'new-password' : 'off'}
          spellCheck={false}
          inputMode={input.format === 'number' ? 'decimal' : undefined}
          placeholder={input.placeholder ?? defaultHint ?? (input.format === 'filepath' ? '/path/to/…' : undefined)}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
      <span id={hint} className="install-hint muted">
        {error && <span className="install-error">{error}. </span>}
        {[input.description, input.isSecret ? 'Kept in the secret store; the config file only refers to it.' : undefined]
          .filter((text) => text !== undefined && text !== '')
          .map((text) => (/[.!?]$/.test(text!) ? text : `${text}.`))
          .join(' ')}
      </span>
    </div>
  );
}

function Installed({ name, initial, notices, onClose }: { name: string; initial: ServerInfo; notices: string[]; onClose(): void }) {
  // Live from the hub's events: connecting, then connected with its tools.
  const server = useServers((s) => s.servers[name]) ?? initial;
  const tools = server.capabilities.tools.map((tool) => String(tool['name']));
  return (
    <Dialog
      title={`Installed ${name}`}
      onClose={onClose}
      actions={
        <>
          <a className="button" href={routeHref({ page: 'server', name, tab: 'tools' })} onClick={onClose}>
            Open server
          </a>
          <button type="button" className="primary" onClick={onClose} data-autofocus>
            Done
          </button>
        </>
      }
    >
      <p role="status">
        <span className="mono">{name}</span> is in <span className="mono">{server.config_source}</span>: <StatusBadge status={server.status} />
        {server.error && <span className="install-error"> {server.error}</span>}
      </p>
      {notices.map((notice) => (
        <p key={notice} className="muted">
          {notice}
        </p>
      ))}
      {server.status === 'connected' &&
        (tools.length > 0 ? (
          <>
            <p>
              {tools.length} tool{tools.length === 1 ? '' : 's'}, offered on /mcp as <span className="mono">{server.id}__&lt;tool&gt;</span>:
            </p>
            <ul className="install-tools" aria-label={`Tools of ${name}`}>
              {tools.map((tool) => (
                <li key={tool} className="mono">
                  {tool}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="muted">It offers no tools.</p>
        ))}
    </Dialog>
  );
}

/**
 * Install a marketplace entry: which package or remote, the server's name and config file, and the
 * values the entry declares (secret ones masked). The hub builds the config, keeps secrets in its
 * secret store, writes the file and starts the server; the dialog then follows it connecting.
 */
export function InstallDialog({ entry, options, configFiles, onClose }: InstallDialogProps) {
  const hub = useHub();
  const names = useServers((s) => s.names);
  const installable = options.filter((option) => option.unsupported === null);
  const [choice, setChoice] = useState(() => installable[0] ?? options[0]);
  const [serverName, setServerName] = useState(() => suggestServerName(entry.id, names));
  const [configFile, setConfigFile] = useState<string>('');
  // Values per option, so switching between a package and a remote loses nothing typed.
  const [values, setValues] = useState<Record<string, Record<string, string>>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [installed, setInstalled] = useState<{ server: ServerInfo; notices: string[] } | undefined>(undefined);
  const form = useRef<HTMLFormElement>(null);
  const nameId = useId();

  if (installed) return <Installed name={installed.server.name} initial={installed.server} notices={installed.notices} onClose={onClose} />;

  const optionKey = choice ? `${choice.kind}:${choice.index}` : '';
  const current = values[optionKey] ?? {};
  const setValue = (key: string, value: string) => {
    setValues((all) => ({ ...all, [optionKey]: { ...all[optionKey], [key]: value } }));
    setErrors(({ [key]: _fixed, ...rest }) => rest);
  };
  const runtimeMissing = choice?.runtime !== null && choice?.runtime !== undefined && choice.runtime.path === null;
  const nameTaken = names.includes(serverName.trim());

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!choice || choice.unsupported !== null) return;
    const found: Record<string, string> = {};
    const name = serverName.trim();
    if (name === '') found['#name'] = 'A name is required';
    else if (nameTaken) found['#name'] = `A server named ${name} already exists`;
    for (const input of choice.inputs) if (isMissing(input, current[input.key])) found[input.key] = 'Required';
    setErrors(found);
    setFailure(undefined);
    if (Object.keys(found).length > 0) {
      // Where the person has to look first.
      requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setBusy(true);
    try {
      const result = await hub.invoke('installFromMarketplace', {
        mcpId: entry.id,
        server_name: name,
        ...(choice.kind === 'package' ? { package: choice.index } : { remote: choice.index }),
        // Empty fields are left to the entry's defaults.
        values: Object.fromEntries(Object.entries(current).filter(([, value]) => value !== '')),
        ...(configFile ? { config_file: configFile } : {}),
      });
      setInstalled({ server: result.server, notices: result.notices });
    } catch (error) {
      const missing = error instanceof HubClientError && Array.isArray(error.data['missing']) ? (error.data['missing'] as unknown[]) : [];
      setErrors(Object.fromEntries(missing.filter((key): key is string => typeof key === 'string').map((key) => [key, 'Required'])));
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={`Install ${entry.name}`}
      onClose={onClose}
      actions={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={`${nameId}-form`} className="primary" disabled={busy || !choice || choice.unsupported !== null || runtimeMissing}>
            {busy ? 'Installing…' : 'Install'}
          </button>
        </>
      }
    >
      <form id={`${nameId}-form`} ref={form} className="install-form" onSubmit={(event) => void submit(event)} noValidate>
        {options.length > 1 && (
          <fieldset className="install-choice">
            <legend>Install from</legend>
            {options.map((option) => (
              <label key={`${option.kind}:${option.index}`} className="install-radio">
                <input
                  type="radio"
                  name={`${nameId}-option`}
                  checked={option === choice}
                  disabled={option.unsupported !== null}
                  onChange={() => setChoice(option)}
                />
                <span>
                  <span className="mono">{optionLabel(entry, option)}</span>
                  {option.unsupported !== null && <span className="muted"> — {option.unsupported}</span>}
                </span>
              </label>
            ))}
          </fieldset>
        )}
        {choice?.unsupported != null && <div className="banner banner-warn">{choice.unsupported}</div>}
        {runtimeMissing && (
          <div className="banner banner-error" role="alert">
            <span>{choice.runtime?.message ?? `${choice.runtime?.command} was not found`}</span>
          </div>
        )}
        {choice?.runtime?.path && (
          <p className="muted">
            Runs with <span className="mono">{choice.runtime.command}</span> ({choice.runtime.path}).
          </p>
        )}

        <div className="install-field">
          <label htmlFor={`${nameId}-name`}>Server name</label>
          <input
            id={`${nameId}-name`}
            value={serverName}
            onChange={(event) => {
              setServerName(event.target.value);
              setErrors(({ ['#name']: _fixed, ...rest }) => rest);
            }}
            aria-invalid={errors['#name'] !== undefined || nameTaken}
            aria-describedby={`${nameId}-name-hint`}
            spellCheck={false}
            data-autofocus
          />
          <span id={`${nameId}-name-hint`} className="install-hint muted">
            {(errors['#name'] ?? (nameTaken ? `A server named ${serverName.trim()} already exists` : undefined)) && (
              <span className="install-error">{errors['#name'] ?? `A server named ${serverName.trim()} already exists`}. </span>
            )}
            Its name in the config file and in the hub.
          </span>
        </div>

        {configFiles.length > 1 && (
          <div className="install-field">
            <label htmlFor={`${nameId}-file`}>Config file</label>
            <select id={`${nameId}-file`} value={configFile || configFiles[0]} onChange={(event) => setConfigFile(event.target.value)}>
              {configFiles.map((file) => (
                <option key={file} value={file}>
                  {file}
                </option>
              ))}
            </select>
          </div>
        )}

        {choice && choice.inputs.length > 0 && (
          <fieldset className="install-inputs">
            <legend>What it needs</legend>
            {choice.inputs.map((input) => (
              <InputField
                key={`${optionKey}:${input.key}`}
                input={input}
                value={current[input.key] ?? ''}
                error={errors[input.key]}
                onChange={(value) => setValue(input.key, value)}
              />
            ))}
          </fieldset>
        )}
        {choice && choice.inputs.length === 0 && choice.unsupported === null && <p className="muted">Nothing to fill in.</p>}
        {failure && <ErrorBanner message={failure} />}
      </form>
    </Dialog>
  );
}
