import { useEffect, useRef, useState } from 'react';
import type { OperationInput, OperationResult } from '../../../../shared/contract.js';
import { useHub } from '../../app/stores.js';
import { errorMessage } from '../../../../shared/errors.js';

export type MarketplaceList = OperationResult<'listMarketplace'>;
export type MarketplaceDetails = OperationResult<'marketplaceDetails'>['server'];
export type MarketplaceQuery = Omit<OperationInput<'listMarketplace'>, 'refresh'>;

/** How long typing must pause before a search is sent. */
export const SEARCH_DEBOUNCE_MS = 250;

export interface Loaded<T> {
  /** The latest answer; kept while a newer request runs, so results do not flash away. */
  data: T | undefined;
  loading: boolean;
  error: string | undefined;
}

/**
 * The marketplace list for a query, searched as the person types: requests wait for a pause in
 * typing, and a request overtaken by a newer one is cancelled (its answer, if it still comes over
 * IPC, is dropped). `reload` changes re-ask the same query; `refreshes` counts requests to skip the
 * hub's cache and ask the registries now.
 */
export function useMarketplaceList(query: MarketplaceQuery, reload: unknown, refreshes: number): Loaded<MarketplaceList> {
  const hub = useHub();
  const [state, setState] = useState<Loaded<MarketplaceList>>({ data: undefined, loading: true, error: undefined });
  const key = JSON.stringify(query);
  const refreshed = useRef(refreshes);
  const asked = useRef<string | undefined>(undefined);

  useEffect(() => {
    const controller = new AbortController();
    const refresh = refreshed.current !== refreshes;
    refreshed.current = refreshes;
    // Only typing and filtering wait; the first load, a refresh and a re-read after a server change go at once.
    const delay = asked.current !== undefined && asked.current !== key ? SEARCH_DEBOUNCE_MS : 0;
    asked.current = key;
    const timer = setTimeout(() => {
      setState((current) => ({ ...current, loading: true }));
      hub.invoke('listMarketplace', { ...(JSON.parse(key) as MarketplaceQuery), ...(refresh ? { refresh: true } : {}) }, { signal: controller.signal }).then(
        (data) => {
          if (!controller.signal.aborted) setState({ data, loading: false, error: undefined });
        },
        (error: unknown) => {
          if (!controller.signal.aborted) setState((current) => ({ data: current.data, loading: false, error: errorMessage(error) }));
        },
      );
    }, delay);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [hub, key, reload, refreshes]);

  return state;
}

/** One entry's details, re-read when `reload` changes (the servers changed: installed or not). */
export function useMarketplaceDetails(id: string | undefined, reload: unknown): Loaded<MarketplaceDetails> {
  const hub = useHub();
  const [state, setState] = useState<Loaded<MarketplaceDetails>>({ data: undefined, loading: id !== undefined, error: undefined });
  const shown = useRef<string | undefined>(undefined);

  useEffect(() => {
    if (id === undefined) return;
    const controller = new AbortController();
    // Another entry's details must not stand in for this one's while it loads.
    const same = shown.current === id;
    shown.current = id;
    setState((current) => ({ data: same ? current.data : undefined, loading: true, error: undefined }));
    hub.invoke('marketplaceDetails', { mcpId: id }, { signal: controller.signal }).then(
      ({ server }) => {
        if (!controller.signal.aborted) setState({ data: server, loading: false, error: undefined });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState((current) => ({ data: current.data, loading: false, error: errorMessage(error) }));
      },
    );
    return () => controller.abort();
  }, [hub, id, reload]);

  return state;
}

/** The hub's config files, to choose where an install goes; `[]` until known (the hub then picks its first). */
export function useConfigFiles(): string[] {
  const hub = useHub();
  const [files, setFiles] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    hub.invoke('readConfig', {}).then(
      ({ files }) => {
        if (live) setFiles(files.map((file) => file.path));
      },
      () => {
        // Without the list the install goes to the hub's first config file, as the API does.
      },
    );
    return () => {
      live = false;
    };
  }, [hub]);
  return files;
}
