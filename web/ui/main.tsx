// The studio's entry point (index.html loads it). Small on purpose: a share link's download
// and read start here, while the studio's code (three.js and all) is still loading.
import { createWorkerPackageReader } from './workers/package-client.ts';
import { startLinkEarly } from './state/link-head-start.ts';
import './styles.css';

const packageReader = createWorkerPackageReader();
const early = startLinkEarly(location.hash, {
  fetch: (input, init) => window.fetch(input, init),
  read: (fileName, bytes, key) => packageReader.read(fileName, bytes, key),
  warm: () => packageReader.warm(),
  online: () => navigator.onLine,
});

const root = document.getElementById('app')!;
void Promise.all([import('solid-js/web'), import('./App.tsx'), import('./boot.ts')]).then(([{ render }, { App, BootFailure }, { bootStudio, registerServiceWorker }]) => {
  registerServiceWorker();
  bootStudio({ packageReader }).then(
    (services) => {
      root.textContent = '';
      render(() => <App services={services} early={early} />, root);
    },
    (error: unknown) => {
      root.textContent = '';
      render(() => <BootFailure error={error} />, root);
    },
  );
}, (error: unknown) => {
  // The studio's own code did not load (a half-updated install, say): said in plain words.
  root.textContent = `Aligner Studio could not load (${error instanceof Error ? error.message : String(error)}). Reload the page; your cases are stored in this browser and are not affected.`;
});
