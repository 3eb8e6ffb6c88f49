// The package worker's API called through comlink over a MessageChannel (as the studio's client
// talks to it): a plain package comes back whole, meshes as typed arrays; an encrypted one opens
// only with its key, and without one says so with a code the studio asks for a key on; a wrong
// key or changed bytes come back as a PackageError naming the file, never a half-read case.
import { expose } from 'comlink';
import { describe, expect, it } from 'vitest';
import { PackageError } from '../../exchange/errors.ts';
import { meshContentHash } from '../../exchange/mesh-codec.ts';
import { encryptPackage } from '../../exchange/package-crypto.ts';
import { PACKAGE_VERSION } from '../../exchange/package-types.ts';
import { writePackage } from '../../exchange/package-write.ts';
import { demoPackageContents, editJson, rezip } from '../../exchange/fixtures/package.ts';
import { packageApi } from './package-api.ts';
import { directPackageReader, packageReaderOn } from './package-client.ts';

const demoBytes = async () => writePackage(await demoPackageContents());

/** A fresh channel per read, as the studio starts a fresh worker per read. */
const overChannel = () => packageReaderOn(() => {
  const channel = new MessageChannel();
  expose(packageApi, channel.port2);
  return channel.port1;
});

async function refusal(read: Promise<unknown>): Promise<PackageError> {
  const error = await read.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(PackageError);
  return error as PackageError;
}

describe('the package worker API', () => {
  it('reads a plain package through comlink: the case, its meshes as typed arrays, the manifest facts', async () => {
    const contents = await demoPackageContents();
    const bytes = await writePackage(contents);
    const pkg = await overChannel().read('demo.aligner', bytes);
    expect(pkg.case.id).toBe(contents.case.id);
    expect(pkg.packageVersion).toBe(PACKAGE_VERSION);
    const upper = pkg.arches.upper!;
    expect(upper.mesh.positions).toBeInstanceOf(Float32Array);
    expect(upper.mesh.labels).toBeInstanceOf(Uint8Array);
    expect(upper.segmentation).toBeInstanceOf(ArrayBuffer);
    expect(meshContentHash(upper.mesh)).toBe(contents.arches.upper!.meshHash);
    expect(pkg.audit.map((e) => e.hash)).toEqual(contents.audit.map((e) => e.hash));
    // The caller's bytes are copied into the worker, not taken: a retry with a key reads them again.
    expect(bytes.byteLength).toBeGreaterThan(0);
  });

  it('opens an encrypted package only with its key; without one it asks by code, with another it names the file', async () => {
    const plain = await demoBytes();
    const { bytes, key } = await encryptPackage(plain);
    const reader = overChannel();

    const noKey = await refusal(reader.read('demo.aligner', bytes));
    expect(noKey.code).toBe('encrypted');
    expect(noKey.message).toMatch(/^demo\.aligner is encrypted/);

    const other = (await encryptPackage(plain)).key;
    const wrong = await refusal(reader.read('demo.aligner', bytes, other));
    expect(wrong.code).toBe('wrong-key');
    expect(wrong.message).toMatch(/does not open demo\.aligner/);

    const pkg = await reader.read('demo.aligner', bytes, key);
    expect(pkg.case.id).toBe((await demoPackageContents()).case.id);
  });

  it('refuses an encrypted package whose bytes changed on the way, as it would a wrong key', async () => {
    const { bytes, key } = await encryptPackage(await demoBytes());
    const changed = bytes.slice();
    changed[changed.length - 40] ^= 0x01;
    expect((await refusal(overChannel().read('demo.aligner', changed, key))).code).toBe('wrong-key');
  });

  it('refuses a plain package whose case was edited after export, naming the file, in this thread as over the channel', async () => {
    const changed = rezip(await demoBytes(), (files) => editJson(files, 'case.json', (c) => ({ ...(c as object), pseudonym: 'Someone else' })));
    for (const reader of [overChannel(), directPackageReader(packageApi)]) {
      const e = await refusal(reader.read('demo.aligner', changed));
      expect(e.code).toBe('tampered');
      expect(e.message).toMatch(/^demo\.aligner has been altered since it was exported: .*case\.json/);
    }
  });

  it('starts the next read\'s worker ahead when warmed, and every read still gets a fresh one', async () => {
    let spawned = 0;
    const reader = packageReaderOn(() => {
      spawned++;
      const channel = new MessageChannel();
      expose(packageApi, channel.port2);
      return channel.port1;
    });
    reader.warm();
    reader.warm();
    expect(spawned, 'warmed once, whatever the calls').toBe(1);
    const bytes = await demoBytes();
    expect((await reader.read('demo.aligner', bytes)).kind).toBe('case');
    expect(spawned, 'the read used the warmed worker').toBe(1);
    await reader.read('demo.aligner', bytes);
    expect(spawned, 'the next read a fresh worker').toBe(2);
  });

  it('says a file that is no package at all is not one', async () => {
    const e = await refusal(overChannel().read('holiday.jpg', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4])));
    expect(e.message).toMatch(/^holiday\.jpg /);
    expect(e.message).toMatch(/Nothing was changed\./);
  });
});
