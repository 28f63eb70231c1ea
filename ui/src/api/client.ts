import type {
  Alert,
  BudgetBurnDown,
  Incident,
  SeriesAnswer,
  Silence,
  SilenceInput,
  SloStatus,
  Topology,
} from './types.js';

/** An API answer that was not 2xx, with faultline's error code when the body had one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function getJson<T>(path: string): Promise<T> {
  return answer<T>(
    await fetch(path, { headers: { accept: 'application/json' }, credentials: 'same-origin' }),
  );
}

async function postJson<T>(path: string, body: unknown): Promise<T> {
  return answer<T>(
    await fetch(path, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(body),
    }),
  );
}

/** The JSON body of a 2xx answer; otherwise an ApiError with faultline's code. */
async function answer<T>(res: Response): Promise<T> {
  if (!res.ok) {
    let code = `HTTP_${res.status}`;
    let message = res.statusText;
    try {
      const body = (await res.json()) as { error?: { code?: string; message?: string } };
      code = body.error?.code ?? code;
      message = body.error?.message ?? message;
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(res.status, code, message);
  }
  return (await res.json()) as T;
}

const enc = encodeURIComponent;

/** Resolves with `undefined` when the endpoint answers 404 (a feature this engine lacks). */
async function optional<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return undefined;
    throw err;
  }
}

export type SeriesSubject = { service: string } | { source: string; target: string };

export const api = {
  slos: async () => (await getJson<{ slos: SloStatus[] }>('/api/v1/slos')).slos,
  slo: (id: string) => getJson<SloStatus>(`/api/v1/slos/${enc(id)}`),
  budget: (id: string, points: number) =>
    getJson<BudgetBurnDown>(`/api/v1/slos/${enc(id)}/budget?points=${points}`),
  alerts: async () => (await getJson<{ alerts: Alert[] }>('/api/v1/alerts')).alerts,
  /** `undefined` when topology is off. */
  topology: () => optional(getJson<Topology>('/api/v1/topology')),
  series: (subject: SeriesSubject, range?: { fromMs: number; toMs: number }, signals?: readonly string[]) => {
    const q = new URLSearchParams(
      'service' in subject
        ? { service: subject.service }
        : { source: subject.source, target: subject.target },
    );
    for (const s of signals ?? []) q.append('signal', s);
    if (range) {
      q.set('from', String(range.fromMs / 1000));
      q.set('to', String(range.toMs / 1000));
    }
    return getJson<SeriesAnswer>(`/api/v1/series?${q}`);
  },
  /** `undefined` when alerting (and so silences) is off. */
  silences: async () => (await optional(getJson<{ silences: Silence[] }>('/api/v1/silences')))?.silences,
  createSilence: (input: SilenceInput) => postJson<Silence>('/api/v1/silences', input),
  /** `undefined` when this engine has no incidents API; `state` filters (open, acknowledged, resolved). */
  incidents: async (state?: string) =>
    (
      await optional(
        getJson<{ incidents: Incident[] }>(`/api/v1/incidents${state ? `?state=${enc(state)}` : ''}`),
      )
    )?.incidents,
  /** `POST /api/v1/incidents/<id>/<action>`: acknowledge, assign, notes, resolve, merge, split. */
  incidentAction: (id: string, action: string, body: Record<string, string>) =>
    postJson<Incident>(`/api/v1/incidents/${enc(id)}/${action}`, body),
  incident: async (id: string) => {
    const body = await getJson<Incident | { incident: Incident }>(`/api/v1/incidents/${enc(id)}`);
    return 'incident' in body ? body.incident : body;
  },
};
