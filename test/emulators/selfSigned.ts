import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/** A throw-away self-signed certificate for 127.0.0.1, made by openssl (part of the machine image). */
export function selfSignedCertificate(): { key: string; cert: string } {
	const folder = mkdtempSync(join(tmpdir(), 'emulator-tls-'));
	try {
		execFileSync(
			'openssl',
			[
				'req',
				'-x509',
				'-newkey',
				'rsa:2048',
				'-nodes',
				'-days',
				'1',
				'-subj',
				'/CN=127.0.0.1',
				'-addext',
				'subjectAltName=IP:127.0.0.1',
				'-keyout',
				join(folder, 'key.pem'),
				'-out',
				join(folder, 'cert.pem'),
			],
			{ stdio: 'ignore' },
		);
		return {
			key: readFileSync(join(folder, 'key.pem'), 'utf8'),
			cert: readFileSync(join(folder, 'cert.pem'), 'utf8'),
		};
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}
}
