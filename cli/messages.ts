/**
 * What the command line says, in kk, ru and en, chosen by `LANG` (`kk_KZ.UTF-8` → kk,
 * `ru_RU.UTF-8` → ru; anything else → en). Problems from the gateway come already in
 * the same language (the CLI sends `Accept-Language`).
 */
import type { Language } from '../functions/core/catalogue/catalogue.js';

export function languageFromEnv(env: NodeJS.ProcessEnv): Language {
  const tag = (env.LC_ALL || env.LC_MESSAGES || env.LANG || '').toLowerCase();
  if (tag.startsWith('kk')) return 'kk';
  if (tag.startsWith('ru')) return 'ru';
  return 'en';
}

type Text = Readonly<Record<Language, string>>;

const TEXTS = {
  usage: {
    en: 'Usage: ncc-gw <submit|validate|inbox|ack|respond|obligations|verify-webhook|token> … (ncc-gw help)',
    ru: 'Использование: ncc-gw <submit|validate|inbox|ack|respond|obligations|verify-webhook|token> … (ncc-gw help)',
    kk: 'Қолданылуы: ncc-gw <submit|validate|inbox|ack|respond|obligations|verify-webhook|token> … (ncc-gw help)',
  },
  fileMissing: {
    en: 'Cannot read {file}: no such file.',
    ru: 'Не удалось прочитать {file}: файла нет.',
    kk: '{file} оқылмады: мұндай файл жоқ.',
  },
  fileUnreadable: {
    en: 'Cannot read {file}: {reason}',
    ru: 'Не удалось прочитать {file}: {reason}',
    kk: '{file} оқылмады: {reason}',
  },
  valid: {
    en: '{file}: valid {form}.',
    ru: '{file}: корректное сообщение {form}.',
    kk: '{file}: жарамды {form} хабарламасы.',
  },
  invalid: {
    en: '{file}: {detail}',
    ru: '{file}: {detail}',
    kk: '{file}: {detail}',
  },
  validating: {
    en: 'Checking {file} with the gateway’s validators…',
    ru: 'Проверка {file} валидаторами шлюза…',
    kk: '{file} шлюз валидаторларымен тексерілуде…',
  },
  sending: {
    en: 'Sending to {url}…',
    ru: 'Отправка на {url}…',
    kk: '{url} мекенжайына жіберілуде…',
  },
  accepted: {
    en: 'Accepted: incident {id}, version {version}, received {receivedAt}, SHA-256 {sha256}',
    ru: 'Принято: инцидент {id}, версия {version}, получено {receivedAt}, SHA-256 {sha256}',
    kk: 'Қабылданды: {id} инциденті, {version}-нұсқа, алынды {receivedAt}, SHA-256 {sha256}',
  },
  clock: {
    en: '  {kind}: {state}, due {due}',
    ru: '  {kind}: {state}, срок {due}',
    kk: '  {kind}: {state}, мерзімі {due}',
  },
  acknowledged: {
    en: 'Acknowledged {id}.',
    ru: 'Подтверждено: {id}.',
    kk: 'Расталды: {id}.',
  },
  empty: { en: 'Nothing.', ru: 'Пусто.', kk: 'Бос.' },
  unreachable: {
    en: 'The gateway at {url} cannot be reached ({reason}).',
    ru: 'Шлюз {url} недоступен ({reason}).',
    kk: '{url} шлюзіне қосылу мүмкін емес ({reason}).',
  },
  notGateway: {
    en: 'The answer from {url} is not one the gateway gives ({what} expected); check the gateway URL (whether the message reached the gateway is unknown).',
    ru: 'Ответ {url} не похож на ответ шлюза (ожидался {what}); проверьте адрес шлюза (дошло ли сообщение до шлюза, неизвестно).',
    kk: '{url} жауабы шлюз жауабына ұқсамайды ({what} күтілген); шлюз мекенжайын тексеріңіз (хабарлама шлюзге жеткені белгісіз).',
  },
  noUrl: {
    en: 'No gateway URL: set NCC_GW_URL or "url" in the profile ({profile}).',
    ru: 'Не задан адрес шлюза: укажите NCC_GW_URL или "url" в профиле ({profile}).',
    kk: 'Шлюз мекенжайы жоқ: NCC_GW_URL немесе профильде ({profile}) "url" көрсетіңіз.',
  },
  noCredentials: {
    en: 'No credentials: set NCC_GW_TOKEN, a client id/secret and token URL, or a local party and role.',
    ru: 'Нет учётных данных: задайте NCC_GW_TOKEN, client id/secret и адрес токенов или локальную сторону и роль.',
    kk: 'Тіркелгі деректері жоқ: NCC_GW_TOKEN, client id/secret және токен мекенжайын немесе жергілікті тарап пен рөлді көрсетіңіз.',
  },
  tokenExpired: {
    en: 'The token expired at {at}; get a new one with `ncc-gw token`.',
    ru: 'Срок токена истёк в {at}; получите новый: `ncc-gw token`.',
    kk: 'Токен мерзімі {at} өтті; жаңасын алыңыз: `ncc-gw token`.',
  },
  tokenRefused: {
    en: 'The token service refused the client credentials (HTTP {status}).',
    ru: 'Сервис токенов отклонил учётные данные клиента (HTTP {status}).',
    kk: 'Токен қызметі клиент деректерін қабылдамады (HTTP {status}).',
  },
  gatewayProblem: {
    en: 'The gateway answered {status} {code}: {detail}',
    ru: 'Шлюз ответил {status} {code}: {detail}',
    kk: 'Шлюз жауабы {status} {code}: {detail}',
  },
  signatureValid: {
    en: 'Signature valid (signed {at}).',
    ru: 'Подпись верна (подписано {at}).',
    kk: 'Қолтаңба дұрыс ({at} қойылған).',
  },
  signatureInvalid: {
    en: 'Signature invalid: {reason}',
    ru: 'Подпись неверна: {reason}',
    kk: 'Қолтаңба жарамсыз: {reason}',
  },
  noSignature: {
    en: 'the request has no X-Gateway-Signature header',
    ru: 'в запросе нет заголовка X-Gateway-Signature',
    kk: 'сұрауда X-Gateway-Signature тақырыбы жоқ',
  },
  badSignature: {
    en: 'no v1 signature matches this body and secret, or it is older than {tolerance} s',
    ru: 'ни одна подпись v1 не совпадает с телом и секретом, или она старше {tolerance} с',
    kk: 'ешбір v1 қолтаңбасы осы дене мен құпияға сәйкес емес, не ол {tolerance} с-тан ескі',
  },
  unknownCommand: {
    en: 'Unknown command "{command}".',
    ru: 'Неизвестная команда "{command}".',
    kk: '"{command}" деген команда жоқ.',
  },
  missingArgument: {
    en: '{command} needs {argument}.',
    ru: 'Команде {command} нужен аргумент {argument}.',
    kk: '{command} командасына {argument} керек.',
  },
} as const satisfies Record<string, Text>;

export type TextKey = keyof typeof TEXTS;

export function say(
  language: Language,
  key: TextKey,
  values: Readonly<Record<string, string | number>> = {},
): string {
  return TEXTS[key][language].replace(/\{(\w+)\}/g, (whole, name: string) =>
    values[name] === undefined ? whole : String(values[name]),
  );
}

export const TEXT_KEYS = Object.keys(TEXTS) as TextKey[];
export { TEXTS };
