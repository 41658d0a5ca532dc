/** The `--help` text of every command (kept together so they read as one reference). */
import { DEFAULT_SEED } from '../sample/index.js';
import { DEFAULT_DRAIN_MS, DEFAULT_MAX_QUEUED } from './deliver.js';
import { DEFAULT_BODY_LIMIT_MB, DEFAULT_HOST, DEFAULT_MAX_CONCURRENT, DEFAULT_PORT } from './serve-defaults.js';
import { settingFlagHelp } from './settings-flags.js';

export const MAIN_HELP = `usage: iterable-destination <command> [options]

Turn RudderStack / Segment events (JSON lines) into Iterable API calls and deliver them.

commands:
  transform [file]   events in, Iterable calls out (JSON lines); no network
  send [file]        deliver events (to the bundled emulator, --endpoint, or Iterable)
  delete [file]      delete users (userIds or emails, one per line) from Iterable or --endpoint
  emulator           run the local Iterable emulator until Ctrl-C
  serve              run the RudderStack-compatible transformer service
  demo               send a generated sample through the whole path and check the outcome

options:
  -v, --version        print the version
  -h, --help           this text

Run "iterable-destination <command> --help" for the options and an example of a command.
Exit codes: 0 all good, 1 some events rejected or failed, 2 bad usage or settings.

example:
  npx iterable-destination demo
`;

const SETTINGS_FILE = '  --settings FILE      settings JSON (RudderStack destination keys + ours; see the README\'s settings table)';
const SETTINGS_OPTIONS = `${SETTINGS_FILE}\n${settingFlagHelp(['profile'])}`;

export const TRANSFORM_HELP = `usage: iterable-destination transform [file] [options]

Reads events as JSON lines (stdin when no file or "-") and writes exactly one JSON line per input
line, so output line N answers input line N:
  {"ok":true,"calls":[{"op":"updateUser","body":{...}}]}          (+ "warnings" when some part was left out)
  {"ok":false,"line":N,"error":{"name","code","statusCode","message"}}   (N: 1-based, named in the message)
A blank line gets {"ok":false,"line":N,"error":{"code":"BLANK_LINE",...}} and does not change the exit
code. Without settings a placeholder API key is used (transform needs no key).

options:
${SETTINGS_OPTIONS}
  -h, --help           this text

exit: 0 every event transformed, 1 some lines could not be, 2 bad usage or settings.

example:
  echo '{"type":"track","userId":"u1","event":"Video Played"}' | npx iterable-destination transform
`;

export const SEND_HELP = `usage: iterable-destination send [file] [options]

Sends events (JSON lines; stdin when no file or "-") through createDestination: batched into the
bulk endpoints, rate-limited per endpoint, retried, one outcome per event.

Where they go:
  --endpoint URL       an Iterable-compatible base URL (e.g. an emulator: http://127.0.0.1:8080)
${settingFlagHelp(['api-key', 'data-center'])}
  (no endpoint and no real key: the bundled emulator is started in this process;
   a real key, from the flag, the environment or apiKey in --settings, sends to Iterable itself)

options:
${SETTINGS_OPTIONS}
  --dry-run            print the planned requests (JSON lines: method, url, headers, events, body)
                       and send nothing; the API key is shown as ***. List calls that a later one
                       replaces print as {index, status:"delivered", code:"SUPERSEDED", message}.
                       Cannot be combined with --log or --summary-json.
  --log FILE           write one JSON line per event outcome:
                       {index, status, op, code, message, attempts}
  --summary-json FILE  also write the summary (counts, requests, elapsed, peak RSS) as JSON
  --limit N            stop after N events
  --max-queued N       events waiting for an outcome before reading pauses (default ${DEFAULT_MAX_QUEUED})
  --drain-ms N         after SIGINT / SIGTERM, how long to keep sending what was read before the
                       rest is logged as failed / ABORTED (default ${DEFAULT_DRAIN_MS}); a second
                       signal exits at once, still logging every event read
  --no-rate-limits     emulators only: do not enforce Iterable's rate limits. Refused whenever the
                       target is real Iterable: a real API key with no --endpoint, or an --endpoint
                       whose host is an Iterable data centre (api.iterable.com, api.eu.iterable.com)
  --redis URL          share the rate limits with every other process sending for the same Iterable
                       project through this Redis (redis://host:port): use it when two or more
                       senders run at once (workers per partition, a cron next to a service); one
                       process alone does not need it. If Redis goes away, each process paces
                       itself at a quarter of each limit, warns once, and shares again when Redis
                       is back; no event is lost
  --project NAME       the name the sharing processes use (default: a digest of API key and data
                       centre, so processes with the same key share without it)
  -h, --help           this text

A progress line is shown on a terminal; a summary table is printed at the end.
exit: 0 all delivered, 1 some rejected or failed, 2 bad usage or settings, 3 the API key was
refused (FATAL_AUTH), 4 Iterable could not be reached (ENDPOINT_UNREACHABLE), 130 / 143 stopped
by SIGINT / SIGTERM.

example:
  npx iterable-destination send events.jsonl --settings settings.json --dry-run
`;

export const DELETE_HELP = `usage: iterable-destination delete [file] [options]

Deletes users, one per line of the file (stdin when no file or "-"): a bare id, read as a userId
(or as an email with --by email), or a JSON object {"userId": "..."} / {"email": "..."}. Each goes
to DELETE /api/users/byUserId/{userId} or DELETE /api/users/{email} (100 requests/s each), retried
like every call; one outcome per line. A user Iterable does not have counts as deleted (code
ALREADY_DELETED). Deletion at Iterable is asynchronous and does not stop later data from creating
the user again.

Where (one of them is required; deleting never defaults to the bundled emulator):
  --endpoint URL       an Iterable-compatible base URL (e.g. an emulator: http://127.0.0.1:8080)
${settingFlagHelp(['api-key', 'data-center'])}

options:
${SETTINGS_FILE}
  --by FIELD           what a bare id is: userId (default) or email
  --log FILE           write one JSON line per user: {index, status, op, code, message, attempts}
  --limit N            stop after N users
  --max-queued N       users waiting for an outcome before reading pauses (default ${DEFAULT_MAX_QUEUED})
  -h, --help           this text

exit: 0 every user deleted (or already gone), 1 some rejected or failed, 2 bad usage or settings.

example:
  npx iterable-destination delete user-ids.txt --endpoint http://127.0.0.1:8080
`;

export const EMULATOR_HELP = `usage: iterable-destination emulator [options]

Runs the local Iterable emulator (Iterable's routes, validation, replies and rate limits) until
SIGINT / SIGTERM. Prints its base URL; point "send --endpoint" or createDestination's baseUrl at it.

To reproduce a project locally, give it the project's lists, key and settings:
  --lists IDS          lists the project has, comma-separated: ID or ID:NAME (e.g. 4100,4201:vip)
  --api-key KEY        accept only this API key (others get 401, as Iterable answers them)
  --settings FILE      settings JSON: creates its listId and audienceLists lists, and accepts
                       only its apiKey unless that is a placeholder ("placeholder-...")

options:
  --port N             port to listen on (default 0: a free port)
  --host HOST          interface to bind (default 127.0.0.1)
  --no-rate-limits     do not enforce Iterable's per-endpoint rate limits
  --catalogs A,B       the catalogs the project has (repeatable); items for any other catalog get
                       Iterable's 404 "Catalog not found". Without it every catalog exists
  -h, --help           this text

example:
  npx iterable-destination emulator --port 8080 --settings settings.json --lists 4100:signups
`;

export const DEMO_HELP = `usage: iterable-destination demo [options]

Starts the emulator on a free port (with Iterable's real rate limits), generates the sample in
memory (10,000 realistic events of every type plus 12 deliberately bad ones, from a fixed seed),
sends it through transform -> createDestination -> emulator, prints a summary and checks the run
against the sample's expectations: the bad events rejected with their codes, every other event
delivered.

options:
  --seed N             generate the sample from another seed (default ${DEFAULT_SEED})
  --events FILE        a JSON lines file instead (its expectations: FILE with .expected.json)
  --expected FILE      the expectations file to check against
  --settings FILE      settings JSON (default: the sample project's lists and field mapping)
  --limit N            send only the first N events (expectations are cut to match)
  --no-rate-limits     do not enforce Iterable's rate limits in the emulator
  -h, --help           this text

exit: 0 the run went as expected, 1 otherwise, 2 bad usage.

example:
  npx iterable-destination demo --limit 2000 --no-rate-limits
`;

export const SERVE_HELP = `usage: iterable-destination serve [options]

Runs the RudderStack-compatible transformer HTTP service (processor and router transforms, full or
compacted, proxy, deleteUsers, /features, /health) until SIGINT / SIGTERM, then stops accepting,
lets requests in flight finish and exits. Logs one line per request on stderr unless --quiet.

options:
  --port N             port to listen on (default ${DEFAULT_PORT}, as RudderStack's transformer; 0: a free port)
  --host HOST          interface to bind (default ${DEFAULT_HOST})
  --body-limit-mb N    largest request body accepted, in MB (default ${DEFAULT_BODY_LIMIT_MB}; fractions allowed; 413 above)
  --max-concurrent N   requests handled at once (default ${DEFAULT_MAX_CONCURRENT}); more get 503 with Retry-After: 1
  --base-url URL       send proxy and deleteUsers calls there instead of Iterable (e.g. an emulator)
  -q, --quiet          no request log lines
  -h, --help           this text

example:
  iterable-destination serve --host 0.0.0.0 --port 9090 --max-concurrent 32

exit: 143 stopped by SIGTERM, 130 stopped by SIGINT, 1 cannot listen, 2 bad usage.
`;
