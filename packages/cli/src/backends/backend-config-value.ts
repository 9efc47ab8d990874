/** One backend setting: what `-c key=value` or a backend config file gives. */
export type BackendConfigValue =
  | string
  | number
  | boolean
  | null
  | BackendConfigValue[]
  | { [key: string]: BackendConfigValue };

/** Settings after merging every `-c`, later ones winning. */
export type BackendConfig = Readonly<Record<string, BackendConfigValue>>;
