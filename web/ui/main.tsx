// The studio's entry point (index.html loads it).
import { render } from 'solid-js/web';
import { App, BootFailure } from './App.tsx';
import { bootStudio, registerServiceWorker } from './boot.ts';
import './styles.css';

const root = document.getElementById('app')!;
registerServiceWorker();
bootStudio().then(
  (services) => {
    root.textContent = '';
    render(() => <App services={services} />, root);
  },
  (error: unknown) => {
    root.textContent = '';
    render(() => <BootFailure error={error} />, root);
  },
);
