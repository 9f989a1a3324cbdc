import * as path from 'node:path';

/*
 * environments/ belongs to the user, who fills it with their own accounts; the tests must pass whatever valid estate
 * is there. So every command a test runs in process reads the tests' own copy of the example estate unless the test
 * names another folder. Jest gives each test file its own copy of process.env: a child process sees this only when
 * spawned with `env: process.env` (or a copy of it).
 */
process.env.BACKUP_ENVIRONMENTS_DIR = path.join(__dirname, '..', 'fixtures', 'environments');
