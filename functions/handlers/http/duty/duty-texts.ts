/**
 * Every word the NCC duty page shows, in kk, ru and en (the page's language is chosen
 * on the server, so the browser receives one set). `{name}` marks a value the page fills
 * in. A test fails when a key lacks a language or the placeholders differ between them.
 */
import type { Language } from '../../../core/catalogue/catalogue.js';

type Texts = Readonly<Record<Language, string>>;

export const DUTY_TEXTS = {
  title: { kk: 'ҰҮО кезекшісінің беті', ru: 'Дежурная смена НКЦ', en: 'NCC duty page' },
  language: { kk: 'Тіл', ru: 'Язык', en: 'Language' },
  nowLabel: { kk: 'Қазір (Астана)', ru: 'Сейчас (Астана)', en: 'Now (Astana)' },
  signInHeading: { kk: 'Кіру', ru: 'Вход', en: 'Sign in' },
  signInHelp: {
    kk: 'ҰҮО тарапының bearer-токенін қойыңыз. Ол тек осы браузер қойындысында (sessionStorage) сақталады және тек осы шлюзге жіберіледі; қойындыны жапқанда ол ұмытылады. Токен ең көбі бір сағат жарамды.',
    ru: 'Вставьте bearer-токен стороны НКЦ. Он хранится только в этой вкладке браузера (sessionStorage) и отправляется только этому шлюзу; при закрытии вкладки он забывается. Токен действует не более часа.',
    en: 'Paste a bearer token of an NCC party. It is kept in this browser tab only (sessionStorage) and sent to this gateway only; closing the tab forgets it. A token lasts at most one hour.',
  },
  tokenLabel: { kk: 'Bearer-токен', ru: 'Bearer-токен', en: 'Bearer token' },
  signIn: { kk: 'Кіру', ru: 'Войти', en: 'Sign in' },
  signOut: { kk: 'Шығу', ru: 'Выйти', en: 'Sign out' },
  signedInAs: {
    kk: '{party} ретінде кірдіңіз; токен {until} дейін жарамды',
    ru: 'Вход как {party}; токен действует до {until}',
    en: 'Signed in as {party}; token valid until {until}',
  },
  tokenMalformed: {
    kk: 'Бұл JWT токен емес.',
    ru: 'Это не токен JWT.',
    en: 'This is not a JWT.',
  },
  tokenExpired: {
    kk: 'Токен мерзімі өтті немесе қабылданбады: қайта кіріңіз.',
    ru: 'Срок токена истёк или он отклонён: войдите снова.',
    en: 'The token has expired or was refused: sign in again.',
  },
  notNcc: {
    kk: 'Бұл токен ҰҮО тарапына тиесілі емес: кезекші беті барлық тараптардың мерзімдерін оқиды, оған тек ҰҮО құқылы.',
    ru: 'Этот токен не принадлежит стороне НКЦ: дежурная страница читает сроки всех сторон, что разрешено только НКЦ.',
    en: "This token is not an NCC party's: the duty page reads every party's clocks, which only the NCC may.",
  },
  filtersHeading: { kk: 'Сүзгілер', ru: 'Фильтры', en: 'Filters' },
  partyFilter: { kk: 'Міндетті тарап', ru: 'Обязанная сторона', en: 'Owed by' },
  kindFilter: { kk: 'Міндеттеме', ru: 'Обязанность', en: 'Obligation' },
  allParties: { kk: 'Барлық тараптар', ru: 'Все стороны', en: 'All parties' },
  allKinds: { kk: 'Барлық міндеттемелер', ru: 'Все обязанности', en: 'All obligations' },
  refreshNow: { kk: 'Қазір жаңарту', ru: 'Обновить сейчас', en: 'Refresh now' },
  autoRefresh: { kk: 'Автожаңарту', ru: 'Автообновление', en: 'Auto-refresh' },
  refreshOff: { kk: 'өшірулі', ru: 'выключено', en: 'off' },
  everySeconds: { kk: 'әр {n} с', ru: 'каждые {n} с', en: 'every {n} s' },
  updatedAt: { kk: 'Жаңартылды: {time}', ru: 'Обновлено: {time}', en: 'Updated {time}' },
  loading: { kk: 'Жүктелуде…', ru: 'Загрузка…', en: 'Loading…' },
  refreshFailed: {
    kk: 'Жаңарту мүмкін болмады: {error}',
    ru: 'Не удалось обновить: {error}',
    en: 'Could not refresh: {error}',
  },
  truncated: {
    kk: 'Тек алғашқы {n} көрсетілген.',
    ru: 'Показаны только первые {n}.',
    en: 'Only the first {n} are shown.',
  },
  bySocHeading: { kk: 'Тараптар бойынша', ru: 'По сторонам', en: 'By party' },
  overdueHeading: { kk: 'Мерзімі өткен', ru: 'Просрочено', en: 'Overdue' },
  dueHeading: {
    kk: 'Алдағы бір сағатта мерзімі келетін',
    ru: 'Срок в ближайший час',
    en: 'Due in the next hour',
  },
  countOverdue: { kk: 'Мерзімі өткен', ru: 'Просрочено', en: 'Overdue' },
  countDue: { kk: 'Бір сағат ішінде', ru: 'В ближайший час', en: 'Due within the hour' },
  nothing: { kk: 'Жоқ.', ru: 'Нет.', en: 'None.' },
  colParty: { kk: 'Міндетті тарап', ru: 'Обязанная сторона', en: 'Owed by' },
  colKind: { kk: 'Міндеттеме', ru: 'Обязанность', en: 'Obligation' },
  colSubject: {
    kk: 'Инцидент немесе хабарлама',
    ru: 'Инцидент или оповещение',
    en: 'Incident or notice',
  },
  colDue: { kk: 'Мерзімі (Астана)', ru: 'Срок (Астана)', en: 'Due (Astana)' },
  colClock: { kk: 'Уақыт', ru: 'Отсчёт', en: 'Clock' },
  colState: { kk: 'Күйі', ru: 'Состояние', en: 'State' },
  dueIn: { kk: '{time} қалды', ru: 'осталось {time}', en: '{time} left' },
  overdueBy: { kk: '{time} кешікті', ru: 'просрочено на {time}', en: '{time} overdue' },
  awaitingSweep: {
    kk: 'мерзімі өтті, әлі эскалацияланбаған',
    ru: 'срок прошёл, ещё не эскалировано',
    en: 'past due, not escalated yet',
  },
  days: { kk: '{n} тәул.', ru: '{n} дн.', en: '{n} d' },
  level2Due: {
    kk: 'расталмаса, {time} кезінде 2-деңгейге жіберіледі',
    ru: 'без подтверждения уровень 2 в {time}',
    en: 'level 2 at {time} unless acknowledged',
  },
  level2Sent: {
    kk: '2-деңгейге жіберілді: {time}',
    ru: 'уровень 2 направлен: {time}',
    en: 'level 2 sent {time}',
  },
  level1Acknowledged: {
    kk: 'растаған: {party}',
    ru: 'подтвердил: {party}',
    en: 'acknowledged by {party}',
  },
  colAction: { kk: 'Әрекет', ru: 'Действие', en: 'Action' },
  waive: { kk: 'Кешіру…', ru: 'Снять…', en: 'Waive…' },
  waiveHeading: {
    kk: 'Міндеттемені кешіру: {kind}, {party}',
    ru: 'Снять обязанность: {kind}, {party}',
    en: 'Waive the obligation: {kind}, {party}',
  },
  waiveExplain: {
    kk: '{subject}. Кешірілген міндеттеме еске салынбайды, 2-деңгейге жіберілмейді және есепте бөлек саналады; себебі тараптың аудит журналына жазылады.',
    ru: '{subject}. По снятой обязанности не будет напоминаний и уровня 2, в отчёте она считается отдельно; причина записывается в журнал аудита стороны.',
    en: "{subject}. A waived obligation gets no reminder and no level 2, and the report counts it apart; the reason goes to the party's audit trail.",
  },
  waiveReason: { kk: 'Себебі', ru: 'Причина', en: 'Reason' },
  waiveConfirm: { kk: 'Кешіру', ru: 'Снять обязанность', en: 'Waive' },
  cancel: { kk: 'Бас тарту', ru: 'Не снимать', en: 'Cancel' },
  waived: {
    kk: '{kind} ({party}) кешірілді.',
    ru: 'Обязанность «{kind}» ({party}) снята.',
    en: '{kind} ({party}) waived.',
  },
  incidentHeading: { kk: '{id} инциденті', ru: 'Инцидент {id}', en: 'Incident {id}' },
  closeDetail: { kk: 'Жабу', ru: 'Закрыть', en: 'Close' },
  fieldSoc: { kk: 'АҚЖО', ru: 'ОЦИБ', en: 'SOC' },
  fieldStatus: { kk: 'Мәртебесі', ru: 'Статус', en: 'Status' },
  fieldSeverity: { kk: 'Маңыздылық деңгейі', ru: 'Уровень значимости', en: 'Severity' },
  fieldType: { kk: 'Түрі', ru: 'Тип', en: 'Type' },
  fieldConfirmedAt: { kk: 'Расталған уақыты', ru: 'Время подтверждения', en: 'Confirmed at' },
  statusOpen: { kk: 'ашық', ru: 'открыт', en: 'open' },
  statusClosed: { kk: 'жабық', ru: 'закрыт', en: 'closed' },
  clocksHeading: { kk: 'Мерзімдер', ru: 'Сроки', en: 'Clocks' },
  versionsHeading: { kk: 'Карточка нұсқалары', ru: 'Версии карточки', en: 'Card versions' },
  colVersion: { kk: 'Нұсқа', ru: 'Версия', en: 'Version' },
  colReceivedAt: { kk: 'Алынды (UTC)', ru: 'Получено (UTC)', en: 'Received (UTC)' },
  colFormat: { kk: 'Пішімі', ru: 'Формат', en: 'Format' },
  compareVersion: { kk: 'Салыстыру', ru: 'Сравнить', en: 'Compare' },
  diffHeading: {
    kk: '{from} нұсқасынан {to} нұсқасына дейінгі өзгерістер',
    ru: 'Изменения от версии {from} к версии {to}',
    en: 'Changes from version {from} to version {to}',
  },
  firstVersion: {
    kk: 'Бір ғана нұсқа бар: салыстыратын ештеңе жоқ.',
    ru: 'Есть только одна версия: сравнивать не с чем.',
    en: 'There is only one version: nothing to compare.',
  },
  noChanges: { kk: 'Өзгеріс жоқ.', ru: 'Изменений нет.', en: 'No changes.' },
  colField: { kk: 'Өріс', ru: 'Поле', en: 'Field' },
  colBefore: { kk: 'Бұрын', ru: 'Было', en: 'Before' },
  colAfter: { kk: 'Кейін', ru: 'Стало', en: 'After' },
  absent: { kk: '(жоқ)', ru: '(нет)', en: '(absent)' },
  noticeHeading: { kk: 'Жаңа хабарлама', ru: 'Новое оповещение', en: 'New notice' },
  noticeKind: { kk: 'Түрі', ru: 'Вид', en: 'Kind' },
  noticeRegisteredAt: { kk: 'Тіркелген күні', ru: 'Дата регистрации', en: 'Registered on' },
  noticeTlp: { kk: 'TLP', ru: 'TLP', en: 'TLP' },
  noticeDescription: { kk: 'Сипаттама', ru: 'Описание', en: 'Description' },
  noticeParties: {
    kk: 'Алушы тараптар (идентификаторлар, үтір арқылы)',
    ru: 'Стороны-получатели (идентификаторы через запятую)',
    en: 'Recipient parties (ids, comma-separated)',
  },
  noticeSectors: { kk: 'Алушы салалар', ru: 'Отрасли-получатели', en: 'Recipient sectors' },
  noticeNote: { kk: 'Ескертпе', ru: 'Примечание', en: 'Note' },
  noticeExtra: {
    kk: '7-қосымшаның басқа өрістері (JSON нысаны; оқиға мен инцидент үшін detectedAt, sourceIp, deviceName, eventName, recurrence, affectedObject міндетті)',
    ru: 'Прочие поля приложения 7 (объект JSON; для события и инцидента обязательны detectedAt, sourceIp, deviceName, eventName, recurrence, affectedObject)',
    en: 'Other Annex 7 fields (a JSON object; for an event or an incident detectedAt, sourceIp, deviceName, eventName, recurrence, affectedObject are required)',
  },
  noticeSend: { kk: 'Хабарламаны жіберу', ru: 'Направить оповещение', en: 'Issue the notice' },
  noticeSent: {
    kk: '{id} хабарламасы жіберілді: {n} мерзім ашылды.',
    ru: 'Оповещение {id} направлено: открыто сроков: {n}.',
    en: 'Notice {id} issued: {n} clocks opened.',
  },
  noticeBadExtra: {
    kk: 'Басқа өрістер: JSON нысаны емес.',
    ru: 'Прочие поля: это не объект JSON.',
    en: 'Other fields: not a JSON object.',
  },
  refused: { kk: 'Қабылданбады: {error}', ru: 'Отклонено: {error}', en: 'Refused: {error}' },
  networkError: {
    kk: 'Шлюз жауап бермеді (желі қатесі).',
    ru: 'Шлюз не ответил (ошибка сети).',
    en: 'The gateway did not answer (network error).',
  },
} as const satisfies Record<string, Texts>;

export type DutyTextKey = keyof typeof DUTY_TEXTS;

/** The page's words in one language. */
export function dutyTexts(language: Language): Record<DutyTextKey, string> {
  return Object.fromEntries(
    Object.entries(DUTY_TEXTS).map(([key, texts]) => [key, texts[language]]),
  ) as Record<DutyTextKey, string>;
}
