import { mount } from 'svelte';
import 'uplot/dist/uPlot.min.css';
import './app.css';
import App from './App.svelte';
import { createAppState } from './lib/app-state.js';

const target = document.getElementById('app');
if (!target) throw new Error('index.html must contain #app');

function sessionStore(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    // Storage can be disabled by browser policy; the key then lasts until reload.
    return undefined;
  }
}

const app = createAppState({ fetch: (input, init) => window.fetch(input, init), storage: sessionStore(), location: window.location });

export default mount(App, { target, props: { app } });
