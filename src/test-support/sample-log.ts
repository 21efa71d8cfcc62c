/**
 * Realistic logs for tests, the bench and the e2e tests: the real headers of the formats a replay
 * reads, and a generator of HttpProxy lines of any volume (a chunk at a time, so a 1 GB file is
 * written without holding it).
 *
 * Decisions: the generated traffic is a fixed population of users, addresses and protocols chosen by
 * a seeded generator (the same seed gives the same file); about 3% of lines are monitoring noise
 * (health mailbox, probe user agent) and 2% anonymous 401 challenges, as on a real server.
 */

/** The HttpProxy header of Exchange 2016 to SE (74 columns). */
export const HTTPPROXY_FIELDS =
  'DateTime,RequestId,MajorVersion,MinorVersion,BuildVersion,RevisionVersion,ClientRequestId,Protocol,UrlHost,UrlStem,ProtocolAction,AuthenticationType,IsAuthenticated,AuthenticatedUser,Organization,AnchorMailbox,UserAgent,ClientIpAddress,ServerHostName,HttpStatus,BackEndStatus,ErrorCode,Method,ProxyAction,TargetServer,TargetServerVersion,RoutingType,RoutingHint,BackEndCookie,ServerLocatorHost,ServerLocatorLatency,RequestBytes,ResponseBytes,TargetOutstandingRequests,AuthModulePerfContext,HttpPipelineLatency,CalculateTargetBackEndLatency,GlsLatencyBreakup,TotalGlsLatency,AccountForestLatencyBreakup,TotalAccountForestLatency,ResourceForestLatencyBreakup,TotalResourceForestLatency,ADLatency,SharedCacheLatencyBreakup,TotalSharedCacheLatency,ActivityContextLifeTime,ModuleToHandlerSwitchingLatency,ClientReqStreamLatency,BackendReqInitLatency,BackendReqStreamLatency,BackendProcessingLatency,BackendRespInitLatency,BackendRespStreamLatency,ClientRespStreamLatency,KerberosAuthHeaderLatency,HandlerCompletionLatency,RequestHandlerLatency,HandlerToModuleSwitchingLatency,ProxyTime,CoreLatency,RoutingLatency,HttpProxyOverhead,TotalRequestTime,RouteRefresherLatency,UrlQuery,BackEndGenericInfo,GenericInfo,GenericErrors,EdgeTraceId,DatabaseGuid,UserADObjectGuid,PartitionEndpointLookupLatency,RoutingStatus';

/** The `#` preamble of an HttpProxy log, with its `#Fields:` line. */
export function httpProxyPreamble(date = '2024-05-01T10:00:00.001Z'): string {
  return `#Software: Microsoft Exchange Server\r\n#Version: 15.02.1544.004\r\n#Log-type: HttpProxy Logs\r\n#Date: ${date}\r\n#Fields: ${HTTPPROXY_FIELDS}\r\n`;
}

/** The default `#Fields:` of IIS W3C logging. */
export const IIS_FIELDS = 'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken';

/** The directives IIS writes at the top of `u_exYYMMDD.log`. */
export function iisPreamble(date = '2024-05-01 10:00:00'): string {
  return `#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: ${date}\r\n#Fields: ${IIS_FIELDS}\r\n`;
}

/** One HttpProxy line; the columns not given are filled as Exchange fills them. */
export interface HttpProxyLine {
  dateTime: string;
  protocol: string;
  urlStem?: string;
  authenticationType: string;
  user: string;
  userAgent?: string;
  ip: string;
  status?: number;
}

const FILLER_TAIL =
  ',,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,';

/**
 * An HttpProxy line with every column in place (`HTTPPROXY_FIELDS` order).
 *
 * @example httpProxyLine({ dateTime: '2024-05-01T10:00:01.000Z', protocol: 'Owa', authenticationType: 'FBA', user: 'jeff@contoso.com', ip: '203.0.113.7' })
 */
export function httpProxyLine(l: HttpProxyLine, requestId = '00000000-0000-0000-0000-000000000000'): string {
  const authenticated = l.user === '' ? 'False' : 'True';
  const agent = l.userAgent ?? 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';
  const quotedAgent = agent.includes(',') ? `"${agent.replace(/"/g, '""')}"` : agent;
  const stem = l.urlStem ?? `/${l.protocol.toLowerCase()}/`;
  const status = l.status ?? 200;
  return [
    l.dateTime,
    requestId,
    '15',
    '2',
    '1544',
    '4',
    '',
    l.protocol,
    'mail.contoso.com',
    stem,
    '',
    l.authenticationType,
    authenticated,
    l.user,
    '',
    l.user === '' ? '' : `SMTP:${l.user}`,
    quotedAgent,
    l.ip,
    'EX01',
    String(status),
    String(status),
    '',
    'POST',
    'RpcHttpProxy',
    'ex02.contoso.com',
    'Version 15.2 (Build 1544.4)',
    'Mailbox-Cookie',
  ].join(',') + FILLER_TAIL;
}

/** A small seeded generator (mulberry32), so generated logs are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROTOCOL_MIX: readonly [string, string, string][] = [
  ['Owa', '/owa/service.svc', 'FBA'],
  ['Ecp', '/ecp/default.aspx', 'FBA'],
  ['PowerShell', '/powershell', 'Kerberos'],
  ['Eas', '/Microsoft-Server-ActiveSync/default.eas', 'Basic'],
  ['Ews', '/EWS/Exchange.asmx', 'Negotiate'],
  ['Mapi', '/mapi/emsmdb/', 'Negotiate'],
  ['Oab', '/OAB/oab.xml', 'NTLM'],
  ['Autodiscover', '/Autodiscover/Autodiscover.xml', 'Negotiate'],
  ['Eas', '/Microsoft-Server-ActiveSync/default.eas', 'Bearer'],
];

export interface GenerateLogOptions {
  /** Approximate size in bytes (UTF-16 length of the text, = bytes for this ASCII output). */
  bytes: number;
  seed?: number;
  users?: number;
  /** Called with each chunk of about `chunkSize` characters. */
  chunkSize?: number;
}

/**
 * Generates an HttpProxy log of about `bytes`, a chunk at a time: a preamble, then one line per
 * request from `users` users (default 500) at internal and external addresses over a day.
 *
 * @example for (const chunk of generateHttpProxyLog({ bytes: 1e6 })) out.write(chunk);
 */
export function* generateHttpProxyLog(options: GenerateLogOptions): Generator<string> {
  const random = seededRandom(options.seed ?? 1);
  const users = options.users ?? 500;
  const chunkSize = options.chunkSize ?? 1 << 20;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const people = Array.from({ length: users }, (_, i) => (i % 3 === 0 ? `CONTOSO\\user${i}` : `user${i}@contoso.com`));
  const homes = people.map((_, i) => (i % 4 === 0 ? `198.51.100.${(i % 250) + 1}` : `10.0.${(i >> 8) & 255}.${(i % 250) + 1}`));
  let written = 0;
  let chunk = httpProxyPreamble();
  let second = 0;
  let n = 0;
  while (written + chunk.length < options.bytes) {
    n++;
    second = (second + 1 + Math.floor(random() * 3)) % 86_400;
    const hh = String(Math.floor(second / 3600)).padStart(2, '0');
    const mm = String(Math.floor((second % 3600) / 60)).padStart(2, '0');
    const ss = String(second % 60).padStart(2, '0');
    const dateTime = `2024-05-01T${hh}:${mm}:${ss}.${String(n % 1000).padStart(3, '0')}Z`;
    const u = Math.floor(random() * users);
    const [protocol, urlStem, auth] = pick(PROTOCOL_MIX);
    const r = random();
    let line: HttpProxyLine;
    if (r < 0.02) line = { dateTime, protocol, urlStem, authenticationType: '', user: '', ip: homes[u]!, status: 401 };
    else if (r < 0.04) line = { dateTime, protocol, urlStem, authenticationType: 'Kerberos', user: `HealthMailbox${(u * 2654435761) % 1e8}@contoso.com`, ip: '10.0.0.5' };
    else if (r < 0.05) line = { dateTime, protocol, urlStem, authenticationType: 'Negotiate', user: people[u]!, ip: '10.0.0.5', userAgent: 'AMProbe/Local/ClientAccess' };
    else line = { dateTime, protocol, urlStem, authenticationType: auth, user: people[u]!, ip: random() < 0.1 ? `203.0.113.${(u % 200) + 1}` : homes[u]! };
    chunk += `${httpProxyLine(line, `7c9e6679-7425-40de-944b-${String(n).padStart(12, '0')}`)}\r\n`;
    if (chunk.length >= chunkSize) {
      written += chunk.length;
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}
