// Shared jsdom setup for component tests: what antd needs that jsdom lacks.
import 'fake-indexeddb/auto'; // the offline store (Dexie) in jsdom
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

if (typeof window !== 'undefined') {
  if (window.matchMedia === undefined) {
    Object.defineProperty(window, 'matchMedia', {
      writable: true,
      value: (query: string) => ({
        matches: false,
        media: query,
        onchange: null,
        addListener: () => {},
        removeListener: () => {},
        addEventListener: () => {},
        removeEventListener: () => {},
        dispatchEvent: () => false,
      }),
    });
  }
  if (window.ResizeObserver === undefined) {
    window.ResizeObserver = class {
      observe() {}
      unobserve() {}
      disconnect() {}
    };
  }
  // jsdom does not implement pseudo-element styles and logs an error for each call.
  const getComputedStyle = window.getComputedStyle.bind(window);
  window.getComputedStyle = (element: Element) => getComputedStyle(element);
  if (typeof window.HTMLElement.prototype.scrollTo !== 'function') window.HTMLElement.prototype.scrollTo = () => {};
}

afterEach(() => {
  cleanup();
});
