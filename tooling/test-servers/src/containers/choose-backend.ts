/** Where the test servers run: local processes, or containers in a Docker engine. */
export type TestBackend = 'local' | 'containers';

/**
 * Picks the backend. `TEST_BACKEND` or `TFSTATE_TEST_BACKEND` (`local` | `containers`) decide when
 * set; otherwise containers are used only when a container engine answers. testcontainers is only
 * imported for that probe (it costs about 0.3 s to load), and without an engine the probe fails
 * within milliseconds.
 */
export async function chooseBackend(environment: NodeJS.ProcessEnv = process.env): Promise<TestBackend> {
  const requested = environment.TFSTATE_TEST_BACKEND ?? environment.TEST_BACKEND;
  if (requested === 'local' || requested === 'containers') return requested;
  if (requested !== undefined && requested !== '') {
    throw new Error(`TEST_BACKEND is "${requested}"; use "local" (processes on this machine) or "containers" (MinIO/LocalStack in Docker), or leave it unset to detect.`);
  }
  return (await containerEngineAnswers()) ? 'containers' : 'local';
}

/** Whether testcontainers finds a working container runtime (Docker, Podman, ...). */
export async function containerEngineAnswers(): Promise<boolean> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  return getContainerRuntimeClient().then(
    () => true,
    () => false,
  );
}
