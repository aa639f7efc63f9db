import { execFileSync } from 'node:child_process';

/** vitest's global setup: build dist/ once, as `npm start` does before it runs, so that real-process tests run what users run. */
export default function buildOnce(): void {
  execFileSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
}
