import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { onPath } from '@lianxu/cli/temporal-dev-server';

// Temporal's time-skipping test server for workflow tests: the Java one from Maven Central, run from
// a cache under .data/ (the SDK's own download of its native build is unreachable on some machines).
//
// What the SDK runs: for `createTimeSkipping({ server: { executable: { type: 'existing-path' } } })`
// sdk-core spawns `<path> <port> ...extraArgs` and waits up to 5 s for gRPC, then kills only that
// child on teardown. So the wrapper script `exec`s java, and start-up is retried because a cold JVM
// on a loaded 2-core machine may miss those 5 s. No `--enable-time-skipping`: like the SDK's own
// binary the server starts with skipping locked, and the TS client unlocks it while it waits for a
// result or in `env.sleep()` (so time never jumps while a test is still setting up).

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/** Checked on this machine (Java 17); the server's protocol matches SDK 1.24. */
export const TEST_SERVER_VERSION = process.env.TEMPORAL_TEST_SERVER_VERSION ?? '1.31.0';
const MAIN_CLASS = 'io.temporal.testserver.TestServer';

/** java: $JAVA_HOME/bin/java, then PATH. */
export function resolveJava(): string | undefined {
  const home = process.env.JAVA_HOME;
  if (home && existsSync(path.join(home, 'bin', 'java'))) return path.join(home, 'bin', 'java');
  return onPath('java');
}

/** mvn: $MAVEN_HOME/bin/mvn, then PATH. */
export function resolveMaven(): string | undefined {
  const home = process.env.MAVEN_HOME ?? process.env.M2_HOME;
  if (home && existsSync(path.join(home, 'bin', 'mvn'))) return path.join(home, 'bin', 'mvn');
  return onPath('mvn');
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-4000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

const pom = (version: string) => `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>lianxu.local</groupId>
  <artifactId>temporal-test-server-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>${version}</version>
    </dependency>
  </dependencies>
</project>
`;

/**
 * The directory holding the test server and its whole runtime classpath (jars in `lib/`), fetched
 * with Maven once into `.data/temporal-test-server/<version>/`. Concurrent callers each fetch into
 * a private directory and the first rename wins.
 */
export async function ensureTestServerJars(log: (line: string) => void = () => undefined): Promise<string> {
  const dir = path.join(REPO_ROOT, '.data', 'temporal-test-server', TEST_SERVER_VERSION);
  if (existsSync(path.join(dir, 'lib', `temporal-test-server-${TEST_SERVER_VERSION}.jar`))) return dir;
  const mvn = resolveMaven();
  if (!mvn) throw new Error('Maven (mvn) is not on PATH and MAVEN_HOME is not set');
  const staging = `${dir}.fetch-${process.pid}-${Date.now()}`;
  await mkdir(staging, { recursive: true });
  try {
    await writeFile(path.join(staging, 'pom.xml'), pom(TEST_SERVER_VERSION));
    log(`fetching io.temporal:temporal-test-server:${TEST_SERVER_VERSION} and its runtime classpath with Maven into ${dir}`);
    const result = await run(mvn, ['-q', '-B', 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${path.join(staging, 'lib')}`], staging);
    const jars = existsSync(path.join(staging, 'lib')) ? await readdir(path.join(staging, 'lib')) : [];
    if (result.code !== 0 || !jars.includes(`temporal-test-server-${TEST_SERVER_VERSION}.jar`)) {
      throw new Error(`Maven could not fetch io.temporal:temporal-test-server:${TEST_SERVER_VERSION} (exit ${result.code}):\n${result.output}`);
    }
    await rename(staging, dir).catch(async (error: NodeJS.ErrnoException) => {
      if (!existsSync(path.join(dir, 'lib'))) throw error; // not lost to a concurrent fetch
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return dir;
}

/**
 * A script that `exec`s the Java test server with the arguments the SDK passes (`<port> ...`), so
 * the SDK's teardown kills the JVM itself. Written next to the jars, one per java binary.
 */
export async function testServerWrapper(java: string, dir: string): Promise<string> {
  const script = path.join(dir, 'run-test-server.sh');
  const body = [
    '#!/bin/sh',
    '# Generated by test/support/time-skipping-server.ts: the Java time-skipping test server.',
    // C1 only and the serial collector: a JVM up in ~2 s on a loaded 2-core machine.
    `exec '${java.replaceAll("'", "'\\''")}' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -cp '${path.join(dir, 'lib').replaceAll("'", "'\\''")}/*' ${MAIN_CLASS} "$@"`,
    '',
  ].join('\n');
  const staging = `${script}.${process.pid}`;
  await writeFile(staging, body, { mode: 0o755 });
  await rename(staging, script);
  return script;
}

export interface TimeSkippingOptions {
  log?: (line: string) => void;
  /** Start-up attempts of the JVM (each has the SDK's 5 s). Default 4. */
  attempts?: number;
}

/**
 * A TestWorkflowEnvironment with time skipping on the Java test server (Java + Maven, fetched once
 * into .data/). Without Java or Maven it tries the SDK's own download; when that fails too, the
 * error names what is missing.
 */
export async function createTimeSkippingEnvironment(options: TimeSkippingOptions = {}): Promise<TestWorkflowEnvironment> {
  const log = options.log ?? ((line: string) => process.stderr.write(`[time-skipping] ${line}\n`));
  const java = resolveJava();
  let missing: string | undefined;
  let dir: string | undefined;
  if (!java) missing = 'Java (java) is not on PATH and JAVA_HOME is not set';
  else {
    try {
      dir = await ensureTestServerJars(log);
    } catch (error) {
      missing = (error as Error).message;
    }
  }
  if (java && dir) {
    const wrapper = await testServerWrapper(java, dir);
    const attempts = options.attempts ?? 4;
    for (let attempt = 1; ; attempt++) {
      try {
        return await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: wrapper } } });
      } catch (error) {
        if (attempt >= attempts) throw new Error(`The Java time-skipping test server (${wrapper}) did not start after ${attempts} attempts: ${(error as Error).message}`);
        log(`test server start-up attempt ${attempt} failed (${(error as Error).message.split('\n')[0]}); retrying`);
      }
    }
  }
  log(`${missing}; trying the SDK's own download of the test server`);
  try {
    return await TestWorkflowEnvironment.createTimeSkipping();
  } catch (error) {
    throw new Error(
      `Time-skipping tests need the Temporal test server. ${missing}. ` +
        `Install a JDK (11+; set JAVA_HOME or put java on PATH) and Maven (mvn on PATH) to fetch io.temporal:temporal-test-server:${TEST_SERVER_VERSION} from Maven Central; ` +
        `the SDK's own download failed as well: ${(error as Error).message}`,
    );
  }
}
