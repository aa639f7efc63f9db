/**
 * What stops the bot at start-up, in the language XC_LANG names: a wrong setting, a mistake in one of
 * the office's files (XC_HOLIDAYS, XC_TAXONOMY, XC_RULES), a store that cannot be opened. Each error
 * carries its words as a function of these texts (`Words`); its own message is the English one, which
 * the log and the tests read. The Chinese says what is wrong and then what to do.
 */
import type { ConfigVar } from '../config.ts';
import type { Lang } from './texts.ts';

/** What each setting expects, as the refusal of a wrong value says it. */
const expectsZh: Record<ConfigVar, string> = {
  XC_LANG: '"zh" 或 "en"',
  XC_TIMEZONE: 'IANA 时区，例如 Asia/Shanghai',
  XC_STORE: 'Keyv 连接地址：sqlite://路径、redis://主机:端口 或 postgres://…',
  XC_ADMINS: '以逗号分隔的平台账号，例如 slack:U123,telegram:42,dingtalk:manager4220,console:me',
  XC_USER: '不含空格和冒号的控制台用户名',
  XC_NOW: 'ISO 日期时间，例如 2026-11-25T08:00:00+08:00',
  XC_RULES: '规则库 JSON 文件的路径',
  XC_RULES_MODE: '"extend" 或 "replace"',
  XC_HOLIDAYS: '按年份列出法定节假日的 JSON 文件的路径',
  XC_TAXONOMY: '问题类别、标签和来源的 JSON 文件的路径',
  XC_FILES_DIR: '存放导出文件的文件夹',
  DIGEST_TIME: '“时:分”格式的时间，例如 08:30',
  DIGEST_DAYS: '0 到 30 之间的整数天数',
  ESCALATE_DAYS: '1 到 365 之间的整数天数',
  SECRECY_TIME: '“时:分”格式的时间，例如 08:00',
  RECT_PLAN_DAYS: '1 到 365 之间的整数天数',
  RECT_REPORT_DAYS: '1 到 365 之间的整数天数',
  DOC_RETURN_DAYS: '0 到 60 之间的整数天数',
  CLUE_RESULT_DAYS: '1 到 3650 之间的整数天数',
  SLACK_BOT_TOKEN: '以 xoxb- 开头的 Slack 机器人令牌',
  SLACK_APP_TOKEN: '以 xapp- 开头的 Slack 应用级令牌（Socket Mode）',
  SLACK_SIGNING_SECRET: 'Slack 应用的签名密钥（不设 SLACK_APP_TOKEN 时需要，用于校验 HTTP 请求）',
  SLACK_API_URL: 'Slack Web API 的地址，例如 https://slack.com/api/',
  PORT: 'TCP 端口号',
  TELEGRAM_BOT_TOKEN: '从 @BotFather 得到的 Telegram 机器人令牌，例如 123456:ABC…',
  TELEGRAM_WEBHOOK_URL: 'Telegram 推送消息的公网 https 地址（不设则用长轮询）',
  TELEGRAM_WEBHOOK_SECRET: '由字母、数字、_ 和 - 组成的密钥（1 到 256 个字符），设了 TELEGRAM_WEBHOOK_URL 就必须设',
  TELEGRAM_API_ROOT: 'Bot API 的根地址，例如 https://api.telegram.org',
  DINGTALK_CLIENT_ID: '钉钉应用的 Client ID（原 AppKey），例如 dingabcdefghijklmnop',
  DINGTALK_CLIENT_SECRET: '钉钉应用的 Client Secret（原 AppSecret），设了 DINGTALK_CLIENT_ID 就必须设',
  DINGTALK_ROBOT_CODE: '机器人的 RobotCode（不设则用 Client ID，企业内部应用的机器人就是它）',
  DINGTALK_MODE: '"stream"（Stream 模式，无需公网地址）或 "http"（机器人的 HTTP 回调，在 PORT 的 /dingtalk/events）',
  DINGTALK_API_URL: '钉钉 API 的地址，例如 https://api.dingtalk.com',
  DINGTALK_OAPI_URL: '钉钉旧版 API（上传文件）的地址，例如 https://oapi.dingtalk.com',
  XC_ENCRYPTION_KEY: '32 字节的密钥，写成 64 个十六进制字符或 base64（openssl rand -hex 32）',
  XC_CONSOLE: '"auto"（没有配置聊天平台时运行控制台）、"on" 或 "off"',
  LOG_LEVEL: 'fatal、error、warn、info、debug、trace、silent 之一',
  LOG_FILE: '日志文件的路径',
};

const expectsEn: Record<ConfigVar, string> = {
  XC_LANG: '"zh" or "en"',
  XC_TIMEZONE: 'an IANA time zone such as Asia/Shanghai',
  XC_STORE: 'a Keyv connection URL: sqlite://path, redis://host:port or postgres://…',
  XC_ADMINS: 'platform user ids separated by commas, such as slack:U123,telegram:42,dingtalk:manager4220,console:me',
  XC_USER: 'a console user name without spaces or colons',
  XC_NOW: 'an ISO date-time such as 2026-11-25T08:00:00+08:00',
  XC_RULES: 'the path of a rulebook JSON file',
  XC_RULES_MODE: '"extend" or "replace"',
  XC_HOLIDAYS: 'the path of a JSON file of official holidays by year',
  XC_TAXONOMY: 'the path of a JSON file of finding categories, tags and sources',
  XC_FILES_DIR: 'a folder for exported files',
  DIGEST_TIME: 'a time of day as HH:MM, such as 08:30',
  DIGEST_DAYS: 'a whole number of days from 0 to 30',
  ESCALATE_DAYS: 'a whole number of days from 1 to 365',
  SECRECY_TIME: 'a time of day as HH:MM, such as 08:00',
  RECT_PLAN_DAYS: 'a whole number of days from 1 to 365',
  RECT_REPORT_DAYS: 'a whole number of days from 1 to 365',
  DOC_RETURN_DAYS: 'a whole number of days from 0 to 60',
  CLUE_RESULT_DAYS: 'a whole number of days from 1 to 3650',
  SLACK_BOT_TOKEN: 'a Slack bot token starting with xoxb-',
  SLACK_APP_TOKEN: 'a Slack app-level token starting with xapp- (Socket Mode)',
  SLACK_SIGNING_SECRET: "the Slack app's signing secret (needed without SLACK_APP_TOKEN, to verify HTTP requests)",
  SLACK_API_URL: 'the base URL of the Slack Web API, such as https://slack.com/api/',
  PORT: 'a TCP port number',
  TELEGRAM_BOT_TOKEN: 'a Telegram bot token from @BotFather, such as 123456:ABC…',
  TELEGRAM_WEBHOOK_URL: 'the public https URL Telegram posts updates to (unset: long polling)',
  TELEGRAM_WEBHOOK_SECRET: 'a secret of letters, digits, _ and - (1 to 256), required with TELEGRAM_WEBHOOK_URL',
  TELEGRAM_API_ROOT: 'the Bot API root URL, such as https://api.telegram.org',
  DINGTALK_CLIENT_ID: "the DingTalk app's Client ID (formerly AppKey), such as dingabcdefghijklmnop",
  DINGTALK_CLIENT_SECRET: "the DingTalk app's Client Secret (formerly AppSecret), required with DINGTALK_CLIENT_ID",
  DINGTALK_ROBOT_CODE: "the robot's RobotCode (unset: the Client ID, which is what an internal app's robot has)",
  DINGTALK_MODE: '"stream" (Stream mode, no public address) or "http" (the robot\'s HTTP callback on PORT at /dingtalk/events)',
  DINGTALK_API_URL: 'the base URL of the DingTalk API, such as https://api.dingtalk.com',
  DINGTALK_OAPI_URL: 'the base URL of the older DingTalk API (file uploads), such as https://oapi.dingtalk.com',
  XC_ENCRYPTION_KEY: 'a 32-byte key as 64 hex characters or base64 (openssl rand -hex 32)',
  XC_CONSOLE: '"auto" (the console runs when no platform is configured), "on" or "off"',
  LOG_LEVEL: 'one of fatal, error, warn, info, debug, trace, silent',
  LOG_FILE: 'a file path for the logs',
};

/** A space between Chinese and what follows it when that begins with a Latin letter, a digit or a quote. */
const spaced = (text: string) => (/^[\x21-\x7e]/.test(text) ? ` ${text}` : text);

/** The line of a file a mistake is on, when one is known. */
const lineZh = (line?: number) => (line === undefined ? '' : ` 第 ${line} 行`);
const lineEn = (line?: number) => (line === undefined ? '' : ` line ${line}`);

export const startupZh = {
  /** `got`: the value as set, left out for a secret or a store URL, which may hold a password. */
  config: (name: ConfigVar, got?: string) =>
    `${name} 的值不对：应为${spaced(expectsZh[name])}${got === undefined ? '' : `，现在是 "${got}"`}。请在环境变量或 .env 文件中改正后重新启动。`,
  /** A setting another one needs (TELEGRAM_WEBHOOK_SECRET with TELEGRAM_WEBHOOK_URL), left unset. */
  configMissing: (name: ConfigVar) => `缺少 ${name}：应为${spaced(expectsZh[name])}。请在环境变量或 .env 文件中设置后重新启动。`,
  /** XC_HOLIDAYS: the file, the line, and what is wrong there. */
  holidays: {
    at: (file: string, line: number | undefined, problem: string) => `XC_HOLIDAYS 文件 ${file}${lineZh(line)}：${problem}。请改正该文件后重新启动。`,
    unreadable: (code: string) => `无法读取（${code}）`,
    notJson: '不是有效的 JSON',
    notObject: '须是按年份组织的对象：{"2027": {"holidays": […], "workdays": […]}}',
    notYear: (year: string) => `"${year}" 不是年份（应为四位数字，例如 "2027"）`,
    yearNotObject: (year: string) => `${year} 须是 {"holidays": […], "workdays": […]}`,
    extraField: (year: string, field: string) => `${year} 中有 "${field}"：只读取 "holidays" 和 "workdays"`,
    notList: (year: string, list: string) => `${year} 的 "${list}" 须是日期列表`,
    notDate: (date: string, year: string) => `${year} 下的 ${date} 不是日期（应为 YYYY-MM-DD）`,
    wrongYear: (date: string, year: string) => `${date} 列在了 ${year} 下`,
    twice: (date: string) => `${date} 列了两次`,
    noHolidays: (year: string) => `${year} 没有列出任何节假日`,
  },
  /** XC_TAXONOMY: the file, the line, and what is wrong there. */
  taxonomy: {
    at: (file: string, line: number | undefined, problem: string) => `XC_TAXONOMY 文件 ${file}${lineZh(line)}：${problem}。请改正该文件后重新启动。`,
    unreadable: (code: string) => `无法读取（${code}）`,
    /** `detail`: the parser's words, where the line could not be found; the Chinese names no English. */
    notJson: (_detail?: string) => '不是有效的 JSON',
    notObject: '最外层须是对象，例如 {"mode": "extend", "tags": ["违反政治纪律"]}',
    unknownField: (field: string, lists: readonly string[]) => `不认识字段 "${field}"（可用的字段：mode、${lists.join('、')}）`,
    namesNone: (lists: readonly string[]) => `${lists.join('、')} 一项也没有给出`,
    notList: (list: string) => `${list} 须是名称列表，例如 ["违反政治纪律"]`,
    notName: (where: string, value: string) => `${where} 须是带引号的名称，不能是 ${value}`,
    blank: (where: string) => `${where} 是空的`,
    space: (where: string, name: string, option: string) => `${where} "${name}" 含有空格：名称要作为一个词写在 ${option} 后面`,
    tooLong: (where: string, name: string, max: number) => `${where} "${name}" 超过 ${max} 个字符`,
    separator: (where: string, name: string) => `${where} "${name}" 含有分隔符（, ， 、 ; ；），会把 --tag 后面的标签拆开`,
    twice: (list: string, name: string) => `${list} 中 "${name}" 出现了两次`,
    builtIn: (list: string, name: string) => `${list} 中的 "${name}" 已是内置项：请删去，或把 "mode" 设为 "replace" 给出完整列表`,
    emptyReplace: (list: string) => `${list} 会用空列表替换内置列表：请给出名称，或去掉 ${list}`,
    keepTag: (tag: string) => `tags 须保留 "${tag}"：问题线索按它移交组织部`,
    badMode: (value: string) => `mode 须是 "extend" 或 "replace"，或按列表分别设置，例如 {"tags": "replace"}，不能是 ${value}`,
    modeList: (list: string, lists: readonly string[]) => `mode 中的 "${list}" 不是 ${lists.join('、')} 之一`,
    modeValue: (list: string, value: string) => `${list} 的 mode 须是 "extend" 或 "replace"，不能是 ${value}`,
  },
  /** XC_RULES: the file, the entry, and what is wrong there. */
  rulebook: {
    at: (file: string, problem: string) => `XC_RULES 文件 ${file}：${problem}。请改正该文件后重新启动。`,
    entry: (n: number, id: string | undefined, problem: string) => `第 ${n} 条${id === undefined ? '' : `（${id}）`}${problem}`,
    unreadable: (detail: string) => `无法读取（${detail}）`,
    notJson: (_detail: string) => '不是有效的 JSON',
    notArray: '最外层须是规则的 JSON 数组',
    duplicate: (first: number) => `的编号与第 ${first} 条重复`,
    unknownField: (fields: string) => `有不认识的字段 ${fields}`,
    missing: (field: string) => `缺少 ${field}`,
    notType: (field: string, expected: string) => `的 ${field} 须是${({ string: '文本', number: '数字', boolean: ' true 或 false', array: '数组', object: '对象' } as Record<string, string>)[expected] ?? ` ${expected}`}`,
    notOneOf: (field: string, values: string) => `的 ${field} 须是 ${values} 之一`,
    atLeast: (field: string, min: string) => `的 ${field} 不能小于 ${min}`,
    atMost: (field: string, max: string) => `的 ${field} 不能大于 ${max}`,
    empty: (field: string) => `的 ${field} 不能为空`,
    badId: (field: string) => `的 ${field} 须是以 "-" 或 "_" 连接的字母或数字`,
    /** `_detail`: zod's words, which the Chinese does not repeat. */
    invalid: (field: string, _detail: string) => `的 ${field} 不正确`,
  },
  /** The store named by XC_STORE, and the key that opens it. */
  store: {
    readOnly: (where: string, folder: boolean) => `XC_STORE 指向的 SQLite ${folder ? '文件夹' : '文件'} ${where} 是只读的，机器人必须能写入它。请改正权限，或改用可写的位置。`,
    cannotOpen: (file: string, detail: string) => `XC_STORE：无法打开 SQLite 文件 ${file}（${detail}）。请确认它是本机器人的数据库文件，且磁盘正常。`,
    cannotCreateFolder: (file: string, detail: string) => `XC_STORE：无法为 SQLite 文件 ${file} 建立文件夹（${detail}）。请改正权限，或改用可写的位置。`,
    redisUnreachable: (url: string, seconds: number, detail: string) => `XC_STORE：${seconds} 秒内连不上 Redis 服务器 ${url}（${detail}）。请确认 Redis 已启动、地址正确。`,
    unsupported: 'XC_STORE：这个版本只支持 sqlite:// 和 redis:// 存储。请改用其中之一。',
    needsKey: '这个存储已加密，没有密钥无法打开。请设置 XC_ENCRYPTION_KEY。',
    wrongKey: 'XC_ENCRYPTION_KEY 打不开这个存储：它是用另一个密钥加密的。请改用加密时的密钥。',
    unsealed: (count: number) => `设置了 XC_ENCRYPTION_KEY，但这个存储中有 ${count} 条记录是未加密写入的。请先运行一次 npm run seal 加密，再启动。`,
    inUse: (db: string, pid: number, file: string) =>
      `XC_STORE 指向的 SQLite 文件 ${db} 正被另一个 xuncha 进程（pid ${pid}）使用：一个 SQLite 存储只能由一个进程使用。多个进程请改用 XC_STORE=redis://…；如果并没有 xuncha 在运行，请删除 ${file}。`,
    unclaimable: (db: string, file: string) => `XC_STORE：无法占用 SQLite 文件 ${db}，${file} 删除后又反复出现。请停止其他使用它的进程后重新启动。`,
    notWritable: (detail: string) => `XC_STORE 指向的存储无法写入（${detail}）。请检查磁盘空间和权限后重新启动。`,
    /** npm run seal. */
    noStore: (file: string) => `XC_STORE：${file} 没有 SQLite 存储。请检查 XC_STORE 的路径。`,
    recordNotJson: (key: string) => `存储中的记录 ${key} 不是有效的 JSON，无法加密。请先从备份恢复该记录。`,
    walHeld: '所有记录都已加密，但另一个进程正打开着存储，其 WAL 文件中可能还留有旧的明文。请停止机器人后再运行一次 npm run seal。',
    changedMeanwhile: '加密期间存储被改动，什么也没有写入。请停止所有使用该存储的机器人进程后再运行一次 npm run seal。',
    writtenPlain: (count: number) => `加密期间又有 ${count} 条记录以明文写入。请停止所有使用该存储的机器人进程后再运行一次 npm run seal。`,
    /** npm run backup / restore. */
    notBackup: (file: string) => `${file} 不是 xuncha 的备份文件。请检查文件路径。`,
    backupEncrypted: (file: string) => `${file} 是加密的备份。请把 XC_ENCRYPTION_KEY 设为备份时所用的密钥。`,
    backupWrongKey: (file: string) => `XC_ENCRYPTION_KEY 打不开 ${file}：它是用另一个密钥备份的。请改用备份时的密钥。`,
    restoreNotEmpty: '恢复需要一个空的存储，而这个存储中已有数据。请改用新的 XC_STORE。',
    restoreKeyMismatch: 'XC_ENCRYPTION_KEY 须与备份时所用的一致（明文备份则不设）。请改正后再恢复。',
    restoreWrongKey: 'XC_ENCRYPTION_KEY 打不开这份备份：它是用另一个密钥备份的。请改用备份时的密钥。',
  },
  /** The maintenance scripts: npm run backup / restore, npm run seal. */
  backupUsage: '用法：npm run backup -- <文件> 或 npm run restore -- <文件>。请给出备份文件的路径。',
  sealNeedsKey: 'npm run seal 需要 XC_ENCRYPTION_KEY。请把它设为机器人将要使用的密钥。',
  /** Anything else that stops the start: its own message, as it came. */
  failed: (message: string) => `无法启动：${message}`,
};

/** The texts of start-up errors. */
export type StartupTexts = typeof startupZh;

/** How a start-up error says itself, given the texts of the configured language. */
export type Words = (t: StartupTexts) => string;

export const startupEn: StartupTexts = {
  config: (name, got) => `${name} is not valid: expected ${expectsEn[name]}${got === undefined ? '' : `, got "${got}"`}.`,
  configMissing: (name) => `${name} is not valid: expected ${expectsEn[name]}.`,
  holidays: {
    at: (file, line, problem) => `XC_HOLIDAYS: ${file}${lineEn(line)}: ${problem}`,
    unreadable: (code) => `cannot be read (${code}).`,
    notJson: 'is not valid JSON.',
    notObject: 'must be an object of years: {"2027": {"holidays": […], "workdays": […]}}.',
    notYear: (year) => `"${year}" is not a year (four digits, such as "2027").`,
    yearNotObject: (year) => `${year} must be {"holidays": […], "workdays": […]}.`,
    extraField: (year, field) => `${year} has "${field}": only "holidays" and "workdays" are read.`,
    notList: (year, list) => `${year} "${list}" must be a list of dates.`,
    notDate: (date, year) => `${date} under ${year} is not a date (YYYY-MM-DD).`,
    wrongYear: (date, year) => `${date} is listed under ${year}.`,
    twice: (date) => `${date} is listed twice.`,
    noHolidays: (year) => `${year} has no holidays.`,
  },
  taxonomy: {
    at: (file, line, problem) => `Taxonomy ${file}${lineEn(line)}: ${problem}`,
    unreadable: (code) => `cannot be read (${code})`,
    notJson: (detail) => `is not valid JSON${detail === undefined ? '' : ` (${detail})`}`,
    notObject: 'the top level must be an object such as {"mode": "extend", "tags": ["违反政治纪律"]}',
    unknownField: (field, lists) => `unknown field "${field}" (the fields are mode, ${lists.join(', ')})`,
    namesNone: (lists) => `names none of ${lists.join(', ')}`,
    notList: (list) => `${list} must be a list of names such as ["违反政治纪律"]`,
    notName: (where, value) => `${where} must be a name in quotes, not ${value}`,
    blank: (where) => `${where} is blank`,
    space: (where, name, option) => `${where} "${name}" has a space in it: a name is typed after ${option} as one word`,
    tooLong: (where, name, max) => `${where} "${name}" is longer than ${max} characters`,
    separator: (where, name) => `${where} "${name}" holds a separator (, ， 、 ; ；), which splits the tags typed after --tag`,
    twice: (list, name) => `${list} has "${name}" twice`,
    builtIn: (list, name) => `${list} has "${name}", which is built in already: leave it out, or set "mode" to "replace" to give the whole list`,
    emptyReplace: (list) => `${list} would replace the built-in list with an empty one: give its names, or leave ${list} out`,
    keepTag: (tag) => `tags must keep "${tag}": the clue channel hands findings with it to 组织部`,
    badMode: (value) => `mode must be "extend" or "replace", or one per list such as {"tags": "replace"}, not ${value}`,
    modeList: (list, lists) => `mode names "${list}", which is not one of ${lists.join(', ')}`,
    modeValue: (list, value) => `mode of ${list} must be "extend" or "replace", not ${value}`,
  },
  rulebook: {
    at: (file, problem) => `Rulebook ${file}: ${problem}`,
    entry: (n, id, problem) => `entry ${n}${id === undefined ? '' : ` (${id})`}: ${problem}`,
    unreadable: (detail) => `cannot be read (${detail})`,
    notJson: (detail) => `is not valid JSON (${detail})`,
    notArray: 'the top level must be a JSON array of rules',
    duplicate: (first) => `id duplicates entry ${first}`,
    unknownField: (fields) => `unknown field ${fields}`,
    missing: (field) => `${field} is missing`,
    notType: (field, expected) => `${field} must be ${expected === 'array' ? 'an array' : `a ${expected}`}`,
    notOneOf: (field, values) => `${field} must be one of ${values}`,
    atLeast: (field, min) => `${field} must be at least ${min}`,
    atMost: (field, max) => `${field} must be at most ${max}`,
    empty: (field) => `${field} must not be empty`,
    badId: (field) => `${field} must be letters or digits joined by "-" or "_"`,
    invalid: (field, detail) => `${field} is invalid (${detail})`,
  },
  store: {
    readOnly: (where, folder) => `XC_STORE: the SQLite ${folder ? 'folder' : 'file'} ${where} is read-only: the bot must be able to write it.`,
    cannotOpen: (file, detail) => `XC_STORE: cannot open the SQLite file ${file} (${detail}).`,
    cannotCreateFolder: (file, detail) => `XC_STORE: cannot create the folder of the SQLite file ${file} (${detail}).`,
    redisUnreachable: (url, seconds, detail) => `XC_STORE: cannot reach the Redis server at ${url} within ${seconds} s (${detail}).`,
    unsupported: 'XC_STORE: only sqlite:// and redis:// stores are supported in this version.',
    needsKey: 'This store is encrypted: set XC_ENCRYPTION_KEY to open it.',
    wrongKey: 'XC_ENCRYPTION_KEY does not open this store: it was encrypted with another key.',
    unsealed: (count) => `XC_ENCRYPTION_KEY is set, but this store holds ${count} record${count === 1 ? '' : 's'} written without it: run npm run seal once to encrypt them, then start again.`,
    inUse: (db, pid, file) =>
      `XC_STORE: the SQLite file ${db} is in use by another xuncha process (pid ${pid}): one process per SQLite store; several need XC_STORE=redis://…. (If no xuncha runs, remove ${file}.)`,
    unclaimable: (db, file) => `XC_STORE: could not claim the SQLite file ${db}: ${file} keeps coming back.`,
    notWritable: (detail) => `XC_STORE: the store cannot be written: ${detail}`,
    noStore: (file) => `XC_STORE: there is no SQLite store at ${file}.`,
    recordNotJson: (key) => `Stored record ${key} is not valid JSON, so it cannot be sealed.`,
    walHeld: 'Every record is sealed, but another process holds the store open, so its WAL may still hold old text: stop the bot and run npm run seal again.',
    changedMeanwhile: 'The store changed while it was being sealed, so nothing was written: stop every bot process on it and run npm run seal again.',
    writtenPlain: (count) => `${count === 1 ? '1 record was' : `${count} records were`} written in plain text while sealing: stop every bot process on this store and run npm run seal again.`,
    notBackup: (file) => `${file} is not an xuncha backup.`,
    backupEncrypted: (file) => `${file} is encrypted: set XC_ENCRYPTION_KEY to the key it was made with.`,
    backupWrongKey: (file) => `XC_ENCRYPTION_KEY does not open ${file}: it was made with another key.`,
    restoreNotEmpty: 'Restore needs an empty store: this one holds data.',
    restoreKeyMismatch: 'XC_ENCRYPTION_KEY must be the one the backup was made with (or none, for a plain backup).',
    restoreWrongKey: 'XC_ENCRYPTION_KEY does not open this backup: it was made with another key.',
  },
  backupUsage: 'usage: npm run backup -- <file> | npm run restore -- <file>',
  sealNeedsKey: 'npm run seal needs XC_ENCRYPTION_KEY: set it to the key the bot will run with.',
  failed: (message) => `could not start: ${message}`,
};

/** The start-up texts of a language. */
export function startupTexts(lang: Lang): StartupTexts {
  return lang === 'en' ? startupEn : startupZh;
}

/** The language of start-up errors: XC_LANG as set, Chinese when it is unset or wrong (its own error is then in Chinese). */
export function startupLang(env: Record<string, string | undefined>): Lang {
  return env.XC_LANG?.trim() === 'en' ? 'en' : 'zh';
}

/** What an error that stopped the start says in `lang`: its words where it has them, else its message. */
export function startupMessage(err: Error & { words?: Words }, lang: Lang): string {
  return err.words ? err.words(startupTexts(lang)) : err.message;
}
