import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const startScripts = Object.entries(scripts).filter(([name]) => name === 'start' || name.startsWith('start:'));

describe('npm run start:*', () => {
  it("replaces npm's shell with node (exec), so a signal to npm reaches the service", () => {
    expect(startScripts.length).toBeGreaterThanOrEqual(4);
    for (const [name, command] of startScripts) expect([name, command.startsWith('exec node ')]).toEqual([name, true]);
  });

  it('leaves no node behind when npm is sent SIGTERM: node gets the signal and drains', async () => {
    // The same shape of script in a scratch package: npm -> sh -c "exec node ..." -> node.
    const dir = mkdtempSync(join(tmpdir(), 'causeway-start-'));
    const service = "process.on('SIGTERM',()=>{console.log('drained');process.exit(0)});console.log('up');setInterval(()=>{},1000)";
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'probe', version: '1.0.0', scripts: { start: `exec node -e "${service}"` } }));
    const npm = spawn('npm', ['run', '-s', 'start'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      npm.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      await until(() => out.includes('up'));
      npm.kill('SIGTERM');
      await until(() => out.includes('drained'));
      expect(out).toContain('drained');
    } finally {
      npm.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
