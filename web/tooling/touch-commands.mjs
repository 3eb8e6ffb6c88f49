// Test-runner commands for real touch input (web/e2e/review-touch.browser.test.ts): the suite's
// page gets touch emulation and fingers through the DevTools protocol, so the studio sees what a
// tablet or phone sends (touchstart/touchmove/touchend and pointer events of type "touch"), not
// synthetic events. Coordinates are page coordinates: the studio's iframe sits at (0,0) and
// fills the page, so its client coordinates are the same. The runner gives a command 20 s.
/* global setTimeout -- Node */

const pause = (ms) => new Promise((r) => setTimeout(r, ms));

export function touchCommands() {
  // One DevTools session per page, kept open: emulation overrides end with the session.
  const sessions = new Map();
  async function cdp(session) {
    const page = session.browser.getPage(session.id);
    let client = sessions.get(page);
    if (!client) {
      client = await page.createCDPSession();
      sessions.set(page, client);
    }
    return client;
  }
  const point = (p, id) => ({ x: p.x, y: p.y, id, radiusX: 4, radiusY: 4, force: 1 });

  return {
    name: 'touch-commands',
    async executeCommand({ command, payload, session }) {
      if (!command.startsWith('touch-')) return undefined;
      const client = await cdp(session);
      switch (command) {
        case 'touch-enable':
          // After any setViewport (which turns touch emulation off again).
          await client.send('Emulation.setTouchEmulationEnabled', { enabled: payload?.enabled ?? true, maxTouchPoints: 5 });
          return true;
        case 'touch-gesture': {
          // fingers: [{ from: {x,y}, to: {x,y} }, ...] pressed together, moved in `steps`, lifted together.
          const fingers = payload.fingers;
          const steps = payload.steps ?? 10;
          const at = (t) => fingers.map((f, i) => point({ x: f.from.x + (f.to.x - f.from.x) * t, y: f.from.y + (f.to.y - f.from.y) * t }, i + 1));
          await client.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0) });
          await pause(payload.holdMs ?? 30);
          for (let s = 1; s <= steps; s++) {
            await client.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(s / steps) });
            await pause(payload.stepMs ?? 16);
          }
          await client.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
          return true;
        }
        case 'touch-tap': {
          await client.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point(payload, 1)] });
          await pause(payload.holdMs ?? 60);
          await client.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
          return true;
        }
        default:
          throw new Error(`unknown command ${command}`);
      }
    },
  };
}
