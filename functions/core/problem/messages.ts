/**
 * The one kk/ru/en message catalogue of the gateway: every problem `detail` and every
 * per-field `message`, by stable code, next to the enum labels of `schemas/catalogue.json`.
 *
 * The code that fails writes its English text where it fails (with the values that
 * explain it); this catalogue holds, for each code, the texts in all three languages.
 * An English text with `{placeholders}` is a template: when the English message
 * matches it, the values are carried into the Kazakh and Russian texts. The first text
 * of every code has no placeholder and is used when no template matches.
 *
 * Adding a code: add it here with kk, ru and en (`test/core/problem/messages.test.ts`
 * fails for any code thrown under `functions/` that is missing, and for any text that
 * lacks a language or whose placeholders differ between languages).
 */
import type { Language } from '../catalogue/catalogue.js';

export type { Language } from '../catalogue/catalogue.js';

/** One text in the three languages of the gateway. */
export interface Text {
  kk: string;
  ru: string;
  en: string;
}

type Texts = readonly [Text, ...Text[]];

const t = (kk: string, ru: string, en: string): Text => ({ kk, ru, en });

/** Problem titles by HTTP status (RFC 9457 `title`). */
export const TITLES: Readonly<Record<number, Text>> = {
  400: t('Сұрау денесі қате', 'Некорректное тело запроса', 'Malformed request body'),
  401: t('Аутентификация қажет', 'Требуется аутентификация', 'Authentication required'),
  403: t('Тыйым салынған', 'Доступ запрещён', 'Forbidden'),
  404: t('Табылмады', 'Не найдено', 'Not found'),
  405: t('Әдіске рұқсат жоқ', 'Метод не разрешён', 'Method not allowed'),
  406: t('Қолайлы пішім жоқ', 'Неприемлемый формат', 'Not acceptable'),
  409: t('Қайшылық', 'Конфликт', 'Conflict'),
  413: t('Дене тым үлкен', 'Слишком большое тело запроса', 'Payload too large'),
  415: t(
    'Медиа түрі қолдау көрсетілмейді',
    'Неподдерживаемый тип данных',
    'Unsupported media type',
  ),
  422: t('Тексеруден өтпеді', 'Проверка не пройдена', 'Validation failed'),
  429: t('Сұраулар тым көп', 'Слишком много запросов', 'Too many requests'),
  500: t('Ішкі қате', 'Внутренняя ошибка', 'Internal Server Error'),
  503: t('Қызмет қолжетімсіз', 'Сервис недоступен', 'Service unavailable'),
};

/**
 * Texts by code. Problem codes (`detail`) and issue codes (`errors[].message`) share one
 * table, built on its first use ({@link messageTable}): every function carries the whole
 * catalogue (58 KB), and most cold starts answer no problem before their first request,
 * so node only scans this function at load instead of building some 220 texts.
 */
const messageTexts = (): Readonly<Record<string, Texts>> => ({
  // ── The request as a whole ────────────────────────────────────────────────────────
  validation_failed: [
    t(
      'Хабарлама ресми нысанға сәйкес келмейді.',
      'Сообщение не соответствует официальной форме.',
      'The message does not match the official form.',
    ),
    t(
      'Сұрау параметрлері қате.',
      'Параметры запроса некорректны.',
      'The query parameters are invalid.',
    ),
  ],
  body_required: [
    t(
      'Бұл сұрауға дене керек (application/json немесе application/xml).',
      'Этому запросу нужно тело (application/json или application/xml).',
      'This request needs a body (application/json or application/xml).',
    ),
  ],
  payload_too_large: [
    t('Сұрау денесі тым үлкен.', 'Тело запроса слишком большое.', 'The body is too large.'),
    t(
      'Дене {limit} байт шегінен асады.',
      'Тело превышает предел в {limit} байт.',
      'The body exceeds the limit of {limit} bytes.',
    ),
    t(
      'Дене API-дің {limit} КиБ шегінен асады.',
      'Тело превышает предел API в {limit} КиБ.',
      'The body exceeds the API limit of {limit} KiB.',
    ),
  ],
  unsupported_media_type: [
    t(
      'Бұл Content-Type қолдау көрсетілмейді; application/json немесе application/xml (UTF-8) жіберіңіз.',
      'Этот Content-Type не поддерживается; отправьте application/json или application/xml (UTF-8).',
      'This Content-Type is not supported; send application/json or application/xml (UTF-8).',
    ),
    t(
      'Content-Type {type} қолдау көрсетілмейді; application/json немесе application/xml (UTF-8) жіберіңіз.',
      'Content-Type {type} не поддерживается; отправьте application/json или application/xml (UTF-8).',
      'Content-Type {type} is not supported; send application/json or application/xml (UTF-8).',
    ),
  ],
  not_acceptable: [
    t(
      'Сұралған пішімде жауап беру мүмкін емес; қабылданатындары: application/json, application/xml.',
      'Невозможно ответить в запрошенном формате; допустимы: application/json, application/xml.',
      'Cannot answer in the requested format; accepted: application/json, application/xml.',
    ),
    t(
      '"{accept}" пішімдерінің ешқайсысында жауап беру мүмкін емес; қабылданатындары: application/json, application/xml.',
      'Невозможно ответить ни в одном из форматов "{accept}"; допустимы: application/json, application/xml.',
      'Cannot answer with any of "{accept}"; accepted: application/json, application/xml.',
    ),
  ],
  invalid_utf8: [
    t(
      'Дене жарамды UTF-8 емес.',
      'Тело не является корректным UTF-8.',
      'The body is not valid UTF-8.',
    ),
  ],
  malformed_json: [
    t(
      'Дене жарамды JSON емес.',
      'Тело не является корректным JSON.',
      'The body is not valid JSON.',
    ),
  ],
  forbidden_key: [
    t(
      'Бұл кілт атауы сақталған, ешқашан қабылданбайды.',
      'Это имя ключа зарезервировано и никогда не принимается.',
      'This key name is reserved and never accepted.',
    ),
    t(
      '{pointer} кілтіне рұқсат жоқ.',
      'Ключ {pointer} не допускается.',
      'The key at {pointer} is not allowed.',
    ),
  ],
  malformed_xml: [
    t(
      'Дене дұрыс құрылған XML емес.',
      'Тело не является правильно построенным XML.',
      'The body is not well-formed XML.',
    ),
    t(
      'Дене дұрыс құрылған XML емес ({line}-жол, {column}-баған).',
      'Тело не является правильно построенным XML (строка {line}, столбец {column}).',
      'The body is not well-formed XML (line {line}, column {column}).',
    ),
    t(
      'XML-де дәл бір түбір элемент болуы керек.',
      'В XML должен быть ровно один корневой элемент.',
      'The XML must have exactly one root element.',
    ),
  ],
  xml_doctype_forbidden: [
    t(
      'DOCTYPE немесе entity жариялауы бар XML қабылданбайды; құжатты оларсыз жіберіңіз.',
      'XML с DOCTYPE или объявлением сущностей не принимается; отправьте документ без них.',
      'XML with a DOCTYPE or entity declaration is not accepted; send the document without one.',
    ),
  ],
  xml_too_many_elements: [
    t(
      'XML-де элементтер тым көп.',
      'В XML слишком много элементов.',
      'The XML has too many elements.',
    ),
    t(
      'XML-де {limit} элементтен көп.',
      'В XML больше {limit} элементов.',
      'The XML has more than {limit} elements.',
    ),
  ],
  json_too_deep: [
    t('JSON тым терең кірістірілген.', 'JSON вложен слишком глубоко.', 'The JSON nests too deep.'),
    t(
      'JSON {limit} деңгейден тереңірек кірістірілген; бұл API-дің бірде-бір хабарламасы олай емес.',
      'Вложенность JSON глубже {limit} уровней; ни одно сообщение этого API так не вложено.',
      'The JSON nests deeper than {limit} levels; no message of this API does.',
    ),
  ],
  xml_too_deep: [
    t('XML тым терең кірістірілген.', 'XML вложен слишком глубоко.', 'The XML nests too deep.'),
    t(
      'XML {limit} элементтен тереңірек кірістірілген.',
      'Вложенность XML глубже {limit} элементов.',
      'The XML nests deeper than {limit} elements.',
    ),
  ],
  xml_too_many_references: [
    t(
      'XML-де сілтемелер тым көп.',
      'В XML слишком много ссылок на сущности.',
      'The XML has too many references.',
    ),
    t(
      'XML-де {limit} entity немесе таңба сілтемесінен көп.',
      'В XML больше {limit} ссылок на сущности или символы.',
      'The XML has more than {limit} entity or character references.',
    ),
  ],
  xml_undeclared_entity: [
    t(
      'XML жарияланбаған entity-ге сілтейді; тек &amp; &lt; &gt; &quot; &apos; және сандық таңба сілтемелері қабылданады.',
      'XML ссылается на необъявленную сущность; допускаются только &amp; &lt; &gt; &quot; &apos; и числовые ссылки на символы.',
      'The XML refers to an entity that is not declared; only &amp; &lt; &gt; &quot; &apos; and numeric character references are accepted.',
    ),
  ],
  xml_invalid_reference: [
    t(
      'XML-де жоқ кодтық нүктеге сандық таңба сілтемесі бар.',
      'В XML есть числовая ссылка на несуществующую кодовую точку.',
      'The XML has a numeric character reference to a code point that does not exist.',
    ),
  ],
  xml_wrong_root: [
    t(
      'Түбір элемент бұл хабарлама түріне сәйкес емес.',
      'Корневой элемент не соответствует виду сообщения.',
      'The root element does not fit this kind of message.',
    ),
    t(
      'Түбір элемент {namespace} аттар кеңістігіндегі {expected} болуы керек; келгені: {actual}.',
      'Корневой элемент должен быть {expected} в пространстве имён {namespace}; получен {actual}.',
      'The root element must be {expected} in namespace {namespace}; got {actual}.',
    ),
  ],
  invalid_cursor: [
    t(
      'Курсор бұл тізім үшін жарамсыз; онсыз қайта бастаңыз.',
      'Курсор недействителен для этого списка; начните заново без него.',
      'The cursor is not valid for this listing; start again without it.',
    ),
  ],

  // ── Who is asking ─────────────────────────────────────────────────────────────────
  missing_credentials: [
    t(
      'Bearer токенін жіберіңіз (OAuth2 client credentials).',
      'Отправьте bearer-токен (OAuth2 client credentials).',
      'Send a bearer token (OAuth2 client credentials).',
    ),
    t(
      'Authorization: Bearer <token> жіберіңіз (npm run token).',
      'Отправьте Authorization: Bearer <token> (npm run token).',
      'Send Authorization: Bearer <token> (npm run token).',
    ),
  ],
  token_expired: [
    t(
      'Токеннің мерзімі өтті; жаңасын сұраңыз.',
      'Срок действия токена истёк; запросите новый.',
      'The token has expired; request a new one.',
    ),
  ],
  token_not_yet_valid: [
    t('Токен әлі жарамды емес.', 'Токен ещё не действителен.', 'The token is not valid yet.'),
    t(
      'Токен болашақта берілген (iat); беруші сағатын тексеріңіз.',
      'Токен выпущен в будущем (iat); проверьте часы издателя.',
      'The token was issued in the future (iat); check the issuer clock.',
    ),
  ],
  token_lifetime_too_long: [
    t(
      'Токеннің жарамдылық мерзімі тым ұзақ; қысқа мерзімді токен сұраңыз.',
      'Срок жизни токена слишком велик; запросите токен с более коротким сроком.',
      'The token lives too long; request a shorter-lived token.',
    ),
    t(
      'Токен {seconds} с-тан ұзақ өмір сүреді (exp − iat); қысқа мерзімді токен сұраңыз.',
      'Токен живёт дольше {seconds} с (exp − iat); запросите токен с более коротким сроком.',
      'The token lives longer than {seconds} s (exp − iat); request a shorter-lived token.',
    ),
  ],
  token_unknown_key: [
    t(
      'Токенге бұл шлюз сенетін кілтпен қол қойылмаған (kid).',
      'Токен подписан не тем ключом, которому доверяет шлюз (kid).',
      'The token is not signed by a key this gateway trusts (kid).',
    ),
  ],
  token_invalid: [
    t(
      'Токенді тексеру мүмкін болмады.',
      'Токен не удалось проверить.',
      'The token could not be verified.',
    ),
    t(
      'Токеннің "{claim}" талабы жарамсыз: {reason}.',
      'Утверждение "{claim}" токена недействительно: {reason}.',
      'The token\'s "{claim}" claim is invalid: {reason}.',
    ),
    t(
      'Токенде "{claim}" талабы жоқ.',
      'В токене нет утверждения "{claim}".',
      'The token\'s "{claim}" claim is missing.',
    ),
  ],
  wrong_audience: [
    t(
      'Токен бұл шлюзге арналмаған.',
      'Токен предназначен не для этого шлюза.',
      'The token is not meant for this gateway.',
    ),
    t(
      'Токен {audience} үшін арналмаған.',
      'Токен предназначен не для {audience}.',
      'The token is not meant for {audience}.',
    ),
  ],
  wrong_issuer: [
    t(
      'Токенді басқа тарап берген.',
      'Токен выпущен другим издателем.',
      'The token was not issued by this gateway.',
    ),
    t(
      'Токенді {issuer} бермеген.',
      'Токен выпущен не {issuer}.',
      'The token was not issued by {issuer}.',
    ),
  ],
  party_not_registered: [
    t(
      'Токен клиенті тіркелген тарап емес.',
      'Клиент токена не является зарегистрированной стороной.',
      "The token's client is not a registered party.",
    ),
  ],
  role_not_granted: [
    t(
      'Токенде қажетті рұқсат аясы жоқ.',
      'В токене нет нужной области доступа (scope).',
      'The token does not carry the scope this party needs.',
    ),
    t(
      'Токенде {scope} рұқсат аясы жоқ.',
      'В токене нет области доступа {scope}.',
      'The token does not carry scope {scope}.',
    ),
  ],
  unknown_party: [
    t(
      'Мұндай тарап тіркелмеген.',
      'Такая сторона не зарегистрирована.',
      'No such party is registered.',
    ),
    t(
      '"{party}" тарапы тіркелмеген.',
      'Сторона "{party}" не зарегистрирована.',
      'No party "{party}" is registered.',
    ),
  ],
  connection_point_not_registered: [
    t(
      'Сұрау тараптың тіркелген қосылу нүктелерінің бірінен келген жоқ.',
      'Запрос пришёл не из зарегистрированной точки подключения стороны.',
      "The request did not come from one of the party's registered connection points.",
    ),
    t(
      '{party} тарапының сұраулары тек оның тіркелген қосылу нүктелерінен қабылданады.',
      'Запросы стороны {party} принимаются только из её зарегистрированных точек подключения.',
      'Requests of party {party} are accepted only from its registered connection points.',
    ),
  ],
  connection_already_blocked: [
    t(
      'Бұл тараптың қосылымы бұғатталған.',
      'Подключение этой стороны уже заблокировано.',
      'The connection of this party is already blocked.',
    ),
    t(
      '{party} тарапының қосылымы бұғатталған ({reason}).',
      'Подключение стороны {party} уже заблокировано ({reason}).',
      'The connection of party {party} is already blocked ({reason}).',
    ),
  ],
  credentials_reissued: [
    t(
      'Токен тараптың клиенттік тіркелгі деректері қайта берілгенге дейін берілген; жаңа токен алыңыз.',
      'Токен выдан до перевыпуска учётных данных клиента стороны; получите новый токен.',
      "The token was issued before the party's client credentials were reissued; get a new token.",
    ),
    t(
      'Токен {party} тарапының клиенттік тіркелгі деректері қайта берілгенге дейін берілген; жаңа токен алыңыз.',
      'Токен выдан до перевыпуска учётных данных клиента стороны {party}; получите новый токен.',
      'The token was issued before the client credentials of party {party} were reissued; get a new token.',
    ),
  ],
  obligation_not_waivable: [
    t(
      'Тек ашық немесе мерзімі өткен міндеттемені кешіруге болады.',
      'Отменить можно только открытое или просроченное обязательство.',
      'Only an open or missed obligation can be waived.',
    ),
    t(
      '{subject} бойынша {kind} міндеттемесі {state} күйінде; тек ашық немесе мерзімі өткен міндеттемені кешіруге болады.',
      'Обязательство {kind} по {subject} в состоянии {state}; отменить можно только открытое или просроченное обязательство.',
      'Obligation {kind} of {subject} is {state}; only an open or missed obligation can be waived.',
    ),
  ],
  connection_not_blocked: [
    t(
      'Бұл тараптың қосылымы бұғатталмаған.',
      'Подключение этой стороны не заблокировано.',
      'The connection of this party is not blocked.',
    ),
    t(
      '{party} тарапының қосылымы бұғатталмаған.',
      'Подключение стороны {party} не заблокировано.',
      'The connection of party {party} is not blocked.',
    ),
  ],
  connection_blocked: [
    t(
      'Бұл тараптың қосылымы бұғатталған; ҰҚО әкімшісінен бұғаттан шығаруды сұраңыз.',
      'Подключение этой стороны заблокировано; попросите администратора НКЦ разблокировать его.',
      'The connection of this party is blocked; ask an NCC administrator to unblock it.',
    ),
    t(
      '{party} тарапының қосылымы бұғатталған ({reason}); ҰҚО әкімшісінен бұғаттан шығаруды сұраңыз.',
      'Подключение стороны {party} заблокировано ({reason}); попросите администратора НКЦ разблокировать его.',
      'The connection of party {party} is blocked ({reason}); ask an NCC administrator to unblock it.',
    ),
  ],
  wrong_role: [
    t(
      'Бұл әрекетке басқа рөл керек.',
      'Для этого действия нужна другая роль.',
      'This action needs another role.',
    ),
    t(
      'Бұл әрекетке {roles} рөлі керек; сұраушының рөлі "{role}".',
      'Для этого действия нужна роль {roles}; роль вызывающего — "{role}".',
      'This action needs role {roles}; the caller is "{role}".',
    ),
  ],
  kind_not_allowed: [
    t(
      'Бұл тарапқа мұндай хабарламаларды жіберуге рұқсат жоқ (policy.allowedKinds).',
      'Этой стороне не разрешено отправлять такие сообщения (policy.allowedKinds).',
      'This party may not send messages of this kind (policy.allowedKinds).',
    ),
    t(
      '{party} тарапына "{kind}" хабарламаларын жіберуге рұқсат жоқ (policy.allowedKinds).',
      'Стороне {party} не разрешено отправлять сообщения "{kind}" (policy.allowedKinds).',
      'Party {party} may not send "{kind}" messages (policy.allowedKinds).',
    ),
  ],
  foreign_party_filter: [
    t(
      'АҚЖО тек өз жазбаларын тізімдейді; басқа тарапты атайтын сүзгіні алып тастаңыз.',
      'ОЦИБ видит только свои записи; уберите фильтр, называющий другую сторону.',
      'A SOC lists only its own records; drop the filter naming another party.',
    ),
    t(
      'АҚЖО тек өз жазбаларын тізімдейді; ?{parameter}= алып тастаңыз немесе өзіңізді атаңыз.',
      'ОЦИБ видит только свои записи; уберите ?{parameter}= или укажите себя.',
      'A SOC lists only its own records; drop ?{parameter}= or name the caller itself.',
    ),
  ],
  rate_limited: [
    t(
      'Бұл тараптан сұраулар тым көп; жиілікті азайтыңыз.',
      'Слишком много запросов от этой стороны; снизьте частоту.',
      'Too many requests for this party; slow down.',
    ),
  ],

  // ── What is asked for ─────────────────────────────────────────────────────────────
  not_found: [
    t('Табылмады.', 'Не найдено.', 'Not found.'),
    t('{id} инциденті табылмады.', 'Инцидент {id} не найден.', 'Incident {id} was not found.'),
    t('{id} хабарламасы табылмады.', 'Уведомление {id} не найдено.', 'Notice {id} was not found.'),
    t('{id} жеткізілімі табылмады.', 'Доставка {id} не найдена.', 'Delivery {id} was not found.'),
    t('{name} сұлбасы табылмады.', 'Схема {name} не найдена.', 'Schema {name} was not found.'),
    t('{path} маршруты табылмады.', 'Маршрут {path} не найден.', 'Route {path} was not found.'),
    t('{what} табылмады.', '{what}: не найдено.', '{what} was not found.'),
  ],
  method_not_allowed: [
    t(
      'Бұл әдіске мұнда рұқсат жоқ.',
      'Этот метод здесь не разрешён.',
      'This method is not allowed here.',
    ),
    t(
      '{method} әдісіне мұнда рұқсат жоқ; рұқсат етілгендері: {allow}.',
      'Метод {method} здесь не разрешён; разрешены: {allow}.',
      '{method} is not allowed here; allowed: {allow}.',
    ),
  ],
  incident_closed: [
    t('Инцидент жабылған.', 'Инцидент уже закрыт.', 'The incident is already closed.'),
    t(
      '{id} инциденті {at} жабылған.',
      'Инцидент {id} уже закрыт в {at}.',
      'Incident {id} was already closed at {at}.',
    ),
  ],
  incident_changed: [
    t(
      'Инцидент жабу кезінде өзгерді; қайталаңыз.',
      'Инцидент изменился во время закрытия; повторите.',
      'The incident changed while closing; retry.',
    ),
    t(
      '{id} инциденті жабу кезінде өзгерді; қайталаңыз.',
      'Инцидент {id} изменился во время закрытия; повторите.',
      'Incident {id} changed while closing; retry.',
    ),
  ],
  concurrent_change: [
    t(
      'Жазба оқылғаннан кейін өзгерді; ештеңе жазылмады. Қайталаңыз.',
      'Запись изменилась после чтения; ничего не записано. Повторите.',
      'The record changed after it was read; nothing was written. Retry.',
    ),
    t(
      '{what} бір мезгілде өзгерді; ештеңе жазылмады. Қайталаңыз.',
      '{what} изменился одновременно с запросом; ничего не записано. Повторите.',
      '{what} changed concurrently; nothing was written. Retry.',
    ),
    t(
      '{what} бір мезгілде өзгерді ({items}); ештеңе жазылмады. Қайталаңыз.',
      '{what} изменился одновременно с запросом ({items}); ничего не записано. Повторите.',
      '{what} changed concurrently ({items}); nothing was written. Retry.',
    ),
  ],
  soc_reference_taken: [
    t(
      'Бұл socReference басқа инцидентке тиесілі; түзетулерді сол инциденттің PUT /v1/incidents/…/card маршрутына жіберіңіз.',
      'Этот socReference уже принадлежит другому инциденту; отправляйте исправления через PUT /v1/incidents/…/card этого инцидента.',
      'This socReference already names an incident; send revisions to its PUT /v1/incidents/…/card.',
    ),
    t(
      'Бұл socReference {id} инцидентіне тиесілі; түзетулерді PUT /v1/incidents/{id}/card арқылы жіберіңіз.',
      'Этот socReference уже принадлежит инциденту {id}; отправляйте исправления через PUT /v1/incidents/{id}/card.',
      'This socReference already names incident {id}; send revisions to PUT /v1/incidents/{id}/card.',
    ),
    t(
      'Бұл socReference {id} инцидентіне басқа мазмұнмен тиесілі; түзетулерді PUT /v1/incidents/{id}/card арқылы жіберіңіз.',
      'Этот socReference уже принадлежит инциденту {id} с другим содержимым; отправляйте исправления через PUT /v1/incidents/{id}/card.',
      'This socReference already names incident {id} with other content; send revisions to PUT /v1/incidents/{id}/card.',
    ),
  ],
  reference_taken: [
    t(
      'Бұл reference басқа осалдыққа басқа мазмұнмен тиесілі; түзетулерді PUT /v1/vulnerabilities/… арқылы жіберіңіз.',
      'Этот reference уже принадлежит другой уязвимости с другим содержимым; отправляйте исправления через PUT /v1/vulnerabilities/….',
      'This reference already names a vulnerability with other content; send revisions to its PUT /v1/vulnerabilities/….',
    ),
    t(
      'Бұл reference {id} осалдығына басқа мазмұнмен тиесілі; түзетулерді PUT /v1/vulnerabilities/{id} арқылы жіберіңіз.',
      'Этот reference уже принадлежит уязвимости {id} с другим содержимым; отправляйте исправления через PUT /v1/vulnerabilities/{id}.',
      'This reference already names vulnerability {id} with other content; send revisions to PUT /v1/vulnerabilities/{id}.',
    ),
  ],
  reference_mismatch: [
    t(
      'Түзету бастапқы хабарламаның reference мәнін сақтауы тиіс.',
      'Исправление должно сохранять reference исходного сообщения.',
      'A revision keeps the reference of the first report.',
    ),
    t(
      '{id} осалдығының reference мәні "{reference}".',
      'У уязвимости {id} reference "{reference}".',
      'Vulnerability {id} has reference "{reference}".',
    ),
  ],
  reporter_field: [
    t(
      'Мұны есеп берген SOC көрсетеді: иесі тек eliminatedAt және measuresTaken көрсетеді.',
      'Это указывает сообщивший SOC: владелец указывает только eliminatedAt и measuresTaken.',
      'Stated by the reporting SOC: an owner states only eliminatedAt and measuresTaken.',
    ),
  ],
  detection_moved: [
    t(
      'Түзету анықталу уақытын өзгерте алмайды: мерзім сол сәттен басталады.',
      'Исправление не может изменить время обнаружения: от него отсчитывается срок.',
      'A revision cannot move the detection time: the clocks start there.',
    ),
    t(
      '{id} осалдығы {at} анықталған; түзету мерзімнің басталуын жылжыта алмайды.',
      'Уязвимость {id} обнаружена {at}; исправление не может сдвинуть начало срока.',
      "Vulnerability {id} was detected at {at}; a revision cannot move a clock's start.",
    ),
  ],
  idempotency_key_reused: [
    t(
      'Бұл Idempotency-Key басқа сұрау үшін қолданылған.',
      'Этот Idempotency-Key уже использован для другого запроса.',
      'This Idempotency-Key was already used for a different request.',
    ),
    t(
      'Бұл Idempotency-Key {route} үшін қолданылған.',
      'Этот Idempotency-Key уже использован для {route}.',
      'This Idempotency-Key was already used for {route}.',
    ),
  ],
  delivery_already_delivered: [
    t(
      'Бұл жеткізілім жеткізіліп қойған; қайталайтын ештеңе жоқ.',
      'Эта доставка уже выполнена; повторять нечего.',
      'This delivery was already delivered; there is nothing to retry.',
    ),
    t(
      '{id} жеткізілімі {at} жеткізілген; қайталайтын ештеңе жоқ.',
      'Доставка {id} выполнена в {at}; повторять нечего.',
      'Delivery {id} was delivered at {at}; there is nothing to retry.',
    ),
  ],
  differs_from_original: [
    t(
      'Осы кілтпен алғаш жіберілген сұраудан өзгеше.',
      'Отличается от запроса, впервые отправленного с этим ключом.',
      'Differs from the request first sent with this identity.',
    ),
  ],
  webhook_not_registered: [
    t(
      'Бұл тараптың webhook-ы тіркелмеген; ауыстыратын құпия жоқ.',
      'У этой стороны не зарегистрирован webhook; заменять нечего.',
      'This party has no webhook registered; there is no secret to rotate.',
    ),
  ],
  client_id_taken: [
    t(
      'Бұл client id басқа тарапқа тиесілі.',
      'Этот client id уже принадлежит другой стороне.',
      'This client id already belongs to another party.',
    ),
    t(
      '{clientId} client id басқа тарапқа тиесілі.',
      'Client id {clientId} уже принадлежит другой стороне.',
      'Client id {clientId} already belongs to another party.',
    ),
  ],
  dependency_unavailable: [
    t(
      'Тәуелді қызмет қолжетімсіз; ештеңе жазылмады. Кейінірек қайталаңыз.',
      'Зависимый сервис недоступен; ничего не записано. Повторите позже.',
      'A dependency is unavailable; nothing was written. Retry later.',
    ),
    t(
      '{dependency} қолжетімсіз; ештеңе жазылмады. Кейінірек қайталаңыз.',
      '{dependency} недоступен; ничего не записано. Повторите позже.',
      '{dependency} is unavailable; nothing was written. Retry later.',
    ),
  ],
  outcome_unknown: [
    t(
      'Шлюз бұл сұраудың сақталғанын растай алмады. Сол денемен немесе сол Idempotency-Key кілтімен қайталау қауіпсіз: сақталған хабарламаға бастапқы түбіртегімен жауап беріледі және ол екі рет сақталмайды.',
      'Шлюз не смог подтвердить, сохранён ли этот запрос. Повтор с тем же телом или тем же Idempotency-Key безопасен: на сохранённое сообщение вернётся исходная квитанция, и дважды оно не сохранится.',
      'The gateway could not confirm whether this request was stored. Retrying with the same body or the same Idempotency-Key is safe: a stored message is answered with its original receipt and is never stored twice.',
    ),
  ],
  internal_error: [
    t(
      'Шлюзде күтпеген қате болды; ол журналға жазылды.',
      'В шлюзе произошёл непредвиденный сбой; он записан в журнал.',
      'The gateway failed unexpectedly; the failure is logged.',
    ),
  ],

  // ── One field of a message ────────────────────────────────────────────────────────
  required: [
    t('Бұл өріс міндетті.', 'Это поле обязательно.', 'This field is required.'),
    t('"{field}" міндетті.', '"{field}" обязательно.', '"{field}" is required.'),
    t(
      'incident_card жауабы карточканы қамтиды.',
      'Ответ incident_card содержит карточку.',
      'An incident_card response carries the card.',
    ),
    t(
      'Талдау жауабы оның нәтижелерін қамтиды.',
      'Ответ с анализом содержит его результаты.',
      'An analysis response carries its results.',
    ),
    t(
      'Тіркелген объектіге оның тізілімдегі id-і керек.',
      'Зарегистрированному объекту нужен его id в реестре.',
      'A registered object needs its registry id.',
    ),
    t(
      '001 7-қосымша {kind} хабарламасы үшін бұл өрісті талап етеді.',
      'Приложение 7 к 001 требует это поле для оповещения вида {kind}.',
      '001 Annex 7 requires this field for an {kind} notice.',
    ),
    t(
      'Объект иесіне хабарламаға detectedAt керек (001 п.10(1): анықталғаннан бастап 30 минут).',
      'Оповещению собственнику нужен detectedAt (001 п.10(1): 30 минут с момента выявления).',
      'A notice to an owner needs detectedAt (001 п.10(1): 30 minutes from detection).',
    ),
    t(
      'Өндірістік қажеттілік осалдықты жою мерзімін көрсетеді (001 6-қосымша).',
      'Производственная необходимость указывает срок устранения уязвимости (приложение 6 к 001).',
      'A production need states the elimination date (001 Annex 6).',
    ),
  ],
  unknown_field: [
    t(
      'Бұл хабарламада мұндай өріс жоқ.',
      'В этом сообщении нет такого поля.',
      'Not a field of this message.',
    ),
    t(
      '"{field}" бұл хабарламаның өрісі емес.',
      '"{field}" не является полем этого сообщения.',
      '"{field}" is not a field of this message.',
    ),
    t(
      '<{element}> элементі {namespace} аттар кеңістігінде емес.',
      'Элемент <{element}> не в пространстве имён {namespace}.',
      'Element <{element}> is not in namespace {namespace}.',
    ),
    t(
      'Белгісіз элемент <{element}>.',
      'Неизвестный элемент <{element}>.',
      'Unknown element <{element}>.',
    ),
    t(
      '<{item}> тізім элементтері күтілді, <{element}> табылды.',
      'Ожидались элементы списка <{item}>, найден <{element}>.',
      'Expected <{item}> list items, found <{element}>.',
    ),
    t(
      'Эскалация баптаулары ncc рөлі бар тарапқа тиесілі.',
      'Настройки эскалации принадлежат стороне с ролью ncc.',
      'Escalation settings belong to a party with role ncc.',
    ),
  ],
  duplicate_element: [
    t(
      'Элемент бірнеше рет кездеседі.',
      'Элемент встречается более одного раза.',
      'The element appears more than once.',
    ),
    t(
      '<{element}> элементі бірнеше рет кездеседі.',
      'Элемент <{element}> встречается более одного раза.',
      'Element <{element}> appears more than once.',
    ),
  ],
  invalid_value: [
    t('Рұқсат етілмеген мән.', 'Недопустимое значение.', 'Not an accepted value.'),
    t(
      'Мына мәндердің бірі болуы керек: {allowed}, немесе олардың белгілерінің бірі (GET /v1/catalogue).',
      'Должно быть одним из значений {allowed} или одной из их меток (GET /v1/catalogue).',
      'Must be one of {allowed}, or one of their labels (GET /v1/catalogue).',
    ),
    t(
      'Мына мәндердің бірі болуы керек: {allowed}.',
      'Должно быть одним из значений: {allowed}.',
      'Must be one of {allowed}.',
    ),
    t(
      '"{value}" — {catalogue} анықтамалығында жоқ мән. Ең жақындары: {suggestions}. Барлық мәндер: /v1/catalogue.',
      '"{value}" — нет в справочнике {catalogue}. Ближайшие: {suggestions}. Все значения: /v1/catalogue.',
      '"{value}" is not in catalogue {catalogue}. Closest: {suggestions}. Every value: /v1/catalogue.',
    ),
  ],
  ambiguous_label: [
    t(
      'Бұл мән бірнеше кодты білдіреді; солардың бірін жіберіңіз.',
      'Это значение обозначает несколько кодов; отправьте один из них.',
      'This value names more than one code; send one of the codes.',
    ),
    t(
      '"{value}" бірнеше {catalogue} мәнін білдіреді: {codes}; осы кодтардың бірін жіберіңіз.',
      '"{value}" обозначает несколько значений {catalogue}: {codes}; отправьте один из этих кодов.',
      '"{value}" names more than one {catalogue}: {codes}; send one of these codes.',
    ),
  ],
  invalid_type: [
    t('Мәннің түрі қате.', 'Неверный тип значения.', 'Wrong type of value.'),
    t('Түрі {type} болуы керек.', 'Должно иметь тип {type}.', 'Must be {type}.'),
    t('true немесе false болуы керек.', 'Должно быть true или false.', 'Must be true or false.'),
    t(
      'Мәтін күтілді, ішкі элементтер табылды.',
      'Ожидался текст, найдены дочерние элементы.',
      'Expected text, found child elements.',
    ),
    t(
      'Ішкі элементтер күтілді, мәтін табылды.',
      'Ожидались дочерние элементы, найден текст.',
      'Expected child elements, found text.',
    ),
    t(
      '{between} арасында күтпеген мәтін.',
      'Неожиданный текст между {between}.',
      'Unexpected text between {between}.',
    ),
    t(
      '<{item}> элементтері күтілді, мәтін табылды.',
      'Ожидались элементы <{item}>, найден текст.',
      'Expected <{item}> elements, found text.',
    ),
  ],
  invalid_timestamp: [
    t(
      'Уақыт белдеуі анық көрсетілген RFC 3339 күн-уақыты болуы керек, мысалы 2026-11-20T09:10:00+05:00.',
      'Должно быть датой-временем RFC 3339 с явным смещением, например 2026-11-20T09:10:00+05:00.',
      'Must be an RFC 3339 date-time with an explicit offset, e.g. 2026-11-20T09:10:00+05:00.',
    ),
    t(
      'Уақыт белдеуі анық көрсетілген RFC 3339 күн-уақыты болуы керек.',
      'Должно быть датой-временем RFC 3339 с явным смещением.',
      'Must be an RFC 3339 date-time with an explicit offset.',
    ),
  ],
  invalid_format: [
    t('Пішімі қате.', 'Неверный формат.', 'Wrong format.'),
    t(
      'ЖЖЖЖ-АА-КК пішіміндегі күнтізбелік күн болуы керек (Asia/Almaty бойынша), мысалы 2026-11-20.',
      'Должно быть календарной датой в формате ГГГГ-ММ-ДД (по Asia/Almaty), например 2026-11-20.',
      'Must be a calendar date in the form YYYY-MM-DD (Asia/Almaty), e.g. 2026-11-20.',
    ),
    t(
      'Жарамды {format} болуы керек.',
      'Должно быть корректным значением {format}.',
      'Must be a valid {format}.',
    ),
    t(
      '{pattern} үлгісіне сәйкес болуы керек.',
      'Должно соответствовать {pattern}.',
      'Must match {pattern}.',
    ),
    t('Абсолютті URL болуы керек.', 'Должно быть абсолютным URL.', 'Must be an absolute URL.'),
    t(
      'Тарап id-і 2–64 кіші әріп, цифр, "_" немесе "-" таңбасынан тұрады.',
      'Id стороны — 2–64 строчные буквы, цифры, "_" или "-".',
      'Party ids are 2–64 lowercase letters, digits, "_" or "-".',
    ),
  ],
  empty: [t('Бос болмауы керек.', 'Не должно быть пустым.', 'Must not be empty.')],
  too_short: [
    t('Тым қысқа.', 'Слишком коротко.', 'Too short.'),
    t(
      'Кемінде {limit} таңба болуы керек.',
      'Должно быть не короче {limit} символов.',
      'Must be at least {limit} characters.',
    ),
  ],
  too_long: [
    t('Тым ұзын.', 'Слишком длинно.', 'Too long.'),
    t(
      'Ең көбі {limit} таңба болуы керек.',
      'Должно быть не длиннее {limit} символов.',
      'Must be at most {limit} characters.',
    ),
  ],
  too_few_items: [
    t('Элементтер тым аз.', 'Слишком мало элементов.', 'Too few items.'),
    t(
      'Кемінде {limit} элемент болуы керек.',
      'Должно быть не меньше {limit} элементов.',
      'Must have at least {limit} item(s).',
    ),
  ],
  too_many_items: [
    t('Элементтер тым көп.', 'Слишком много элементов.', 'Too many items.'),
    t(
      'Ең көбі {limit} элемент болуы керек.',
      'Должно быть не больше {limit} элементов.',
      'Must have at most {limit} items.',
    ),
  ],
  duplicate_item: [
    t('Элемент қайталанады.', 'Элемент повторяется.', 'Repeats another item.'),
    t('{index}-элементті қайталайды.', 'Повторяет элемент {index}.', 'Repeats item {index}.'),
  ],
  out_of_range: [
    t('Рұқсат етілген ауқымнан тыс.', 'Вне допустимого диапазона.', 'Out of range.'),
    t(
      '{comparison} {limit} болуы керек.',
      'Должно быть {comparison} {limit}.',
      'Must be {comparison} {limit}.',
    ),
    t(
      '{min} мен {max} аралығындағы бүтін сан болуы керек.',
      'Должно быть целым числом от {min} до {max}.',
      'Must be an integer from {min} to {max}.',
    ),
  ],
  invalid_character: [
    t(
      'Басқару таңбасы немесе жұпсыз суррогат бар.',
      'Содержит управляющий символ или непарный суррогат.',
      'Contains a control character or an unpaired surrogate.',
    ),
  ],
  in_future: [
    t('Болашақта жатыр.', 'Лежит в будущем.', 'Lies in the future.'),
    t(
      'Болашақта жатыр: {at} шлюз сағатынан ({now}) {ahead} алда; сағаттың ең көбі 5 минут алшақтығы қабылданады.',
      'Лежит в будущем: {at} на {ahead} впереди часов шлюза ({now}); допускается расхождение часов не более 5 минут.',
      'Lies in the future: {at} is {ahead} ahead of the gateway clock ({now}); at most 5 minutes of clock skew is accepted.',
    ),
    t(
      'Бүгінгі күннен кейін (Asia/Almaty): registeredAt {date} мәні {today} күнінен кейін.',
      'Позже сегодняшней даты (Asia/Almaty): registeredAt {date} позже {today}.',
      'Lies after today (Asia/Almaty): registeredAt {date} is after {today}.',
    ),
  ],
  clock_ahead: [
    t(
      'Жіберушінің сағаты шлюз сағатынан алда.',
      'Часы отправителя спешат относительно часов шлюза.',
      "The sender's clock runs ahead of the gateway clock.",
    ),
    t(
      '{at} шлюз сағатынан ({now}) {ahead} алда; жіберушінің сағатын тексеріңіз (GET /v1/time).',
      '{at} на {ahead} впереди часов шлюза ({now}); проверьте часы отправителя (GET /v1/time).',
      "{at} is {ahead} ahead of the gateway clock ({now}); check the sender's clock (GET /v1/time).",
    ),
  ],
  occurred_after_confirmed: [
    t(
      'details/confirmedAt мәнінен кеш болмауы керек.',
      'Не должно быть позже details/confirmedAt.',
      'Must not be later than details/confirmedAt.',
    ),
    t(
      '/details/confirmedAt мәнінен кеш болмауы керек: occurredAt {occurredAt} мәні confirmedAt {confirmedAt} мәнінен кеш.',
      'Не должно быть позже /details/confirmedAt: occurredAt {occurredAt} позже confirmedAt {confirmedAt}.',
      'Must not be later than /details/confirmedAt: occurredAt {occurredAt} is after confirmedAt {confirmedAt}.',
    ),
    t(
      'Инциденттің confirmedAt мәнінен кеш болмауы керек: occurredAt {occurredAt} мәні {incident} инцидентінің confirmedAt {confirmedAt} мәнінен кеш.',
      'Не должно быть позже confirmedAt инцидента: occurredAt {occurredAt} позже confirmedAt {confirmedAt} инцидента {incident}.',
      "Must not be later than the incident's confirmedAt: occurredAt {occurredAt} is after confirmedAt {confirmedAt} of incident {incident}.",
    ),
  ],
  eliminated_before_confirmed: [
    t(
      'Жою уақыты инциденттің расталу уақытынан бұрын болмауы керек.',
      'Время устранения не может быть раньше подтверждения инцидента.',
      "Must not be before the incident's confirmedAt.",
    ),
    t(
      'Инциденттің confirmedAt мәнінен бұрын болмауы керек: eliminatedAt {eliminatedAt} мәні {incident} инцидентінің confirmedAt {confirmedAt} мәнінен бұрын.',
      'Не должно быть раньше confirmedAt инцидента: eliminatedAt {eliminatedAt} раньше confirmedAt {confirmedAt} инцидента {incident}.',
      "Must not be before the incident's confirmedAt: eliminatedAt {eliminatedAt} is before confirmedAt {confirmedAt} of incident {incident}.",
    ),
  ],
  confirmed_before_notice: [
    t(
      'Хабарламаның detectedAt мәнінен бұрын болмауы керек.',
      'Не должно быть раньше detectedAt уведомления.',
      "Must not be before the notice's detectedAt.",
    ),
    t(
      'Хабарламаның detectedAt мәнінен бұрын болмауы керек: confirmedAt {confirmedAt} мәні {notice} хабарламасының detectedAt {detectedAt} мәнінен бұрын.',
      'Не должно быть раньше detectedAt уведомления: confirmedAt {confirmedAt} раньше detectedAt {detectedAt} уведомления {notice}.',
      "Must not be before the notice's detectedAt: confirmedAt {confirmedAt} is before detectedAt {detectedAt} of notice {notice}.",
    ),
  ],
  unknown_parameter: [
    t('Белгісіз сұрау параметрі.', 'Неизвестный параметр запроса.', 'Unknown query parameter.'),
    t(
      'Белгісіз сұрау параметрі "{name}"; бұл маршрут "{replacement}" параметрін алады.',
      'Неизвестный параметр запроса "{name}"; этот маршрут принимает "{replacement}".',
      'Unknown query parameter "{name}"; this route takes "{replacement}".',
    ),
    t(
      'Белгісіз сұрау параметрі "{name}"; бұл маршрут мыналарды алады: {known}.',
      'Неизвестный параметр запроса "{name}"; этот маршрут принимает: {known}.',
      'Unknown query parameter "{name}"; this route takes {known}.',
    ),
    t(
      'Белгісіз сұрау параметрі: {names}.',
      'Неизвестный параметр запроса: {names}.',
      'Unknown query parameter: {names}.',
    ),
    t(
      'Белгісіз сұрау параметрлері: {names}.',
      'Неизвестные параметры запроса: {names}.',
      'Unknown query parameters: {names}.',
    ),
  ],
  window_inverted: [
    t(
      'Уақыт аралығы кері берілген.',
      'Интервал времени задан наоборот.',
      'The time window is inverted.',
    ),
    t(
      'from ({from}) мәнінен бұрын болмауы керек.',
      'Не должно быть раньше from ({from}).',
      'Must not be before from ({from}).',
    ),
  ],
  invalid_duration: [
    t(
      'Күн, сағат, минут немесе секундпен берілген оң ISO 8601 ұзақтығы болуы керек (мысалы, PT1H, P3D).',
      'Должно быть положительной длительностью ISO 8601 в днях, часах, минутах или секундах (например, PT1H, P3D).',
      'Must be a positive ISO 8601 duration in days, hours, minutes or seconds (e.g. PT1H, P3D).',
    ),
  ],
  conflicting_parameters: [
    t(
      'Параметрлер бір-біріне қайшы.',
      'Параметры противоречат друг другу.',
      'The parameters contradict each other.',
    ),
    t('{other} параметріне қайшы.', 'Противоречит {other}.', 'Contradicts {other}.'),
  ],
  none_not_exclusive: [
    t(
      '"none" басқа салдарлардың бәрін жоққа шығарады.',
      '"none" исключает все остальные последствия.',
      '"none" excludes every other consequence.',
    ),
  ],
  object_unidentified: [
    t(
      'Объектінің тізілімдегі "id"-ін, "name" атауын немесе екеуін де көрсетіңіз.',
      'Укажите "id" объекта в реестре, его "name" или оба.',
      'Give the object\'s registry "id", its "name", or both.',
    ),
  ],
  invalid_ioc_value: [
    t(
      'Көрсеткіш мәні оның түріне сәйкес емес.',
      'Значение индикатора не соответствует его типу.',
      'The indicator does not fit its type.',
    ),
    t(
      'Нүктелі төрт сандық IPv4 мекенжайы болуы керек, мысалы 203.0.113.7.',
      'Должно быть адресом IPv4 из четырёх чисел через точку, например 203.0.113.7.',
      'Must be a dotted-quad IPv4 address, e.g. 203.0.113.7.',
    ),
    t(
      'IPv6 мекенжайы болуы керек, мысалы 2001:db8::1.',
      'Должно быть адресом IPv6, например 2001:db8::1.',
      'Must be an IPv6 address, e.g. 2001:db8::1.',
    ),
    t(
      'CIDR түріндегі IPv4 немесе IPv6 желісі болуы керек, мысалы 203.0.113.0/24.',
      'Должно быть сетью IPv4 или IPv6 в виде CIDR, например 203.0.113.0/24.',
      'Must be an IPv4 or IPv6 network in CIDR form, e.g. 203.0.113.0/24.',
    ),
    t(
      'Домендік атау болуы керек, мысалы example.kz.',
      'Должно быть доменным именем, например example.kz.',
      'Must be a domain name, e.g. example.kz.',
    ),
    t(
      'Схемасы мен хосты бар абсолютті URL болуы керек, мысалы https://example.kz/path.',
      'Должно быть абсолютным URL со схемой и хостом, например https://example.kz/path.',
      'Must be an absolute URL with a scheme and host, e.g. https://example.kz/path.',
    ),
    t(
      'Электрондық пошта мекенжайы болуы керек, мысалы user@example.kz.',
      'Должно быть адресом электронной почты, например user@example.kz.',
      'Must be an e-mail address, e.g. user@example.kz.',
    ),
    t(
      '{algorithm} хеші болуы керек: дәл {length} он алтылық цифр.',
      'Должно быть хешем {algorithm}: ровно {length} шестнадцатеричных цифр.',
      'Must be a {algorithm} hash: exactly {length} hexadecimal digits.',
    ),
    t(
      'Бір жолдағы файл атауы немесе жолы болуы керек, ең көбі 1024 таңба.',
      'Должно быть именем файла или путём в одну строку, не длиннее 1024 символов.',
      'Must be a file name or path on one line, at most 1024 characters.',
    ),
  ],
  invalid_cidr: [
    t(
      'IPv4 немесе IPv6 CIDR болуы керек (мысалы 203.0.113.0/24).',
      'Должно быть CIDR IPv4 или IPv6 (например 203.0.113.0/24).',
      'Must be an IPv4 or IPv6 CIDR (e.g. 203.0.113.0/24).',
    ),
    t(
      '"{value}" — IPv4 немесе IPv6 CIDR емес (мысалы 203.0.113.0/24).',
      '"{value}" — не CIDR IPv4 или IPv6 (например 203.0.113.0/24).',
      '"{value}" is not an IPv4 or IPv6 CIDR (e.g. 203.0.113.0/24).',
    ),
  ],
  invalid_ip: [
    t(
      'IPv4 немесе IPv6 мекенжайы болуы керек.',
      'Должно быть адресом IPv4 или IPv6.',
      'Must be an IPv4 or IPv6 address.',
    ),
  ],
  no_recipients: [
    t(
      'Кемінде бір тарапты немесе секторды атаңыз.',
      'Укажите хотя бы одну сторону или сектор.',
      'Name at least one party or sector.',
    ),
    t(
      'Бұл алушыларға сәйкес тіркелген АҚЖО жоқ.',
      'Ни один зарегистрированный ОЦИБ не соответствует этим получателям.',
      'No registered SOC matches these recipients.',
    ),
  ],
  unknown_recipient: [
    t('Тіркелген АҚЖО емес.', 'Не зарегистрированный ОЦИБ.', 'Not a registered SOC.'),
    t(
      '"{id}" — тіркелген АҚЖО емес.',
      '"{id}" — не зарегистрированный ОЦИБ.',
      '"{id}" is not a registered SOC.',
    ),
    t(
      '"{id}" — тіркелген АҚЖО да, объект иесі де емес.',
      '"{id}" — не зарегистрированный ОЦИБ и не собственник объекта.',
      '"{id}" is not a registered SOC or owner.',
    ),
  ],
  unexpected_card: [
    t(
      'Карточканы тек incident_card жауабы қамтиды.',
      'Карточку содержит только ответ incident_card.',
      'Only an incident_card response carries a card.',
    ),
  ],
  response_kind_mismatch: [
    t(
      'Жауап түрі хабарламаның түріне сәйкес емес.',
      'Вид ответа не соответствует виду уведомления.',
      'The response kind does not answer this kind of notice.',
    ),
    t(
      '{kind} хабарламасына {answers} арқылы жауап беріледі.',
      'На уведомление {kind} отвечают {answers}.',
      'A {kind} notice is answered by {answers}.',
    ),
  ],
  soc_reference_mismatch: [
    t(
      'socReference бұл инциденттікімен сәйкес емес.',
      'socReference не совпадает с socReference этого инцидента.',
      "The socReference differs from this incident's.",
    ),
    t(
      '{id} инцидентінің socReference мәні "{reference}".',
      'У инцидента {id} socReference "{reference}".',
      'Incident {id} has socReference "{reference}".',
    ),
  ],
  insecure_webhook: [
    t(
      'Webhook мекенжайы қауіпсіз емес.',
      'Адрес webhook небезопасен.',
      'The webhook address is not safe to deliver to.',
    ),
    t(
      'Webhook URL жарамды URL емес.',
      'Webhook URL не является корректным URL.',
      'Webhook URL is not a valid URL.',
    ),
    t(
      'Webhook URL ішінде тіркелгі деректері болмауы керек.',
      'Webhook URL не должен содержать учётные данные.',
      'Webhook URL must not carry credentials.',
    ),
    t(
      'Webhook URL схемасы {scheme} http(s) емес.',
      'Схема webhook URL {scheme} — не http(s).',
      'Webhook URL scheme {scheme} is not http(s).',
    ),
    t(
      'Webhook URL https қолдануы керек.',
      'Webhook URL должен использовать https.',
      'Webhook URL must use https.',
    ),
    t(
      'Webhook хосты {host} жария мекенжай емес.',
      'Хост webhook {host} — не публичный адрес.',
      'Webhook host {host} is not a public address.',
    ),
    t(
      'Webhook хосты {host} шешілмейді: {reason}.',
      'Хост webhook {host} не разрешается: {reason}.',
      'Webhook host {host} does not resolve: {reason}.',
    ),
    t(
      'Webhook хосты {host} шешілмейді.',
      'Хост webhook {host} не разрешается.',
      'Webhook host {host} does not resolve.',
    ),
    t(
      'Webhook хосты {host} жария емес {address} мекенжайына шешіледі.',
      'Хост webhook {host} разрешается в непубличный адрес {address}.',
      'Webhook host {host} resolves to non-public address {address}.',
    ),
  ],
  owner_not_registered: [
    t(
      'Шлюз тек осы нысан үшін АҚЖО нысандары арасында тіркелген иесіне хабарлайды; ешбір иесіне хабарланбады, иесіне тікелей хабарлаңыз.',
      'Шлюз уведомляет только владельца, зарегистрированного для этого объекта среди объектов ОЦИБ; ни один владелец не уведомлён, уведомите владельца напрямую.',
      "The gateway notifies only the owner registered for this object among the SOC's objects; no owner was notified, notify the owner directly.",
    ),
  ],
  soc_not_registered: [
    t(
      'Шлюз тек сіздің осы нысаныңыз үшін тіркелген АҚЖО-ға хабарлайды; ешбір АҚЖО-ға хабарланбады, АҚЖО-ға тікелей хабарлаңыз.',
      'Шлюз уведомляет только ОЦИБ, зарегистрированный для этого вашего объекта; ни один ОЦИБ не уведомлён, уведомите ОЦИБ напрямую.',
      'The gateway notifies only a SOC registered for this object of yours; no SOC was notified, notify your SOC directly.',
    ),
  ],

  // ── Receipt warnings ──────────────────────────────────────────────────────────────
  card_incomplete: [
    t(
      'Хабарлама ретінде қабылданды; карточкаға бұл өріс әлі керек.',
      'Принято как уведомление; карточке ещё нужно это поле.',
      'Accepted as a notification; the card still needs this field.',
    ),
    t(
      'Хабарлама ретінде қабылданды; карточкаға бұл өріс әлі керек ({detail})',
      'Принято как уведомление; карточке ещё нужно это поле ({detail})',
      'Accepted as a notification; the card still needs this field ({detail})',
    ),
  ],
  atypical_severity_for_type: [
    t(
      'Бұл түр 3-қосымша кестесінде осы маңыздылық деңгейіне тән емес; жіберілгендей қабылданды, тексеріңіз.',
      'Этот тип нетипичен для этой степени значимости по таблице приложения 3; принято как есть, проверьте.',
      'This type is not typical for this severity in the Annex 3 table; accepted as sent, please double-check.',
    ),
    t(
      '"{type}" түрі 3-қосымша кестесінде {severity} ({label}) маңыздылық деңгейіне тән емес; жіберілгендей қабылданды, тексеріңіз.',
      'Тип "{type}" нетипичен для степени значимости {severity} ({label}) по таблице приложения 3; принято как есть, проверьте.',
      'Type "{type}" is not typical for severity {severity} ({label}) in the Annex 3 table; accepted as sent, please double-check.',
    ),
  ],
});

let messages: Readonly<Record<string, Texts>> | undefined;

/** The catalogue: texts by code, in kk, ru and en (built on the first call). */
export function messageTable(): Readonly<Record<string, Texts>> {
  messages ??= messageTexts();
  return messages;
}

/** The placeholders of a template, in order: `{name}`. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{([A-Za-z][A-Za-z0-9]*)\}/g)].map((m) => m[1] as string);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface CompiledText {
  text: Text;
  pattern: RegExp | undefined;
  names: string[];
}

/** Each code's texts with their templates compiled: on the code's first use, not at cold start. */
const COMPILED = new Map<string, CompiledText[]>();

function compiledTexts(code: string): CompiledText[] | undefined {
  const cached = COMPILED.get(code);
  const table = messageTable();
  if (cached !== undefined || !Object.hasOwn(table, code)) return cached;
  const texts = (table[code] ?? []).map((text) => {
    const names = placeholdersOf(text.en);
    if (names.length === 0) return { text, pattern: undefined, names };
    const source = text.en
      .split(/\{[A-Za-z][A-Za-z0-9]*\}/)
      .map(escapeRegExp)
      .join('(.+?)');
    return { text, pattern: new RegExp(`^${source}$`, 's'), names };
  });
  COMPILED.set(code, texts);
  return texts;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(
    /\{([A-Za-z][A-Za-z0-9]*)\}/g,
    (whole, name: string) => values[name] ?? whole,
  );
}

/** How a message was found: its exact text, a template, the code's general text, or nothing. */
export type Match = 'exact' | 'template' | 'general' | 'none';

/**
 * The text of `code` in `language`, given the English message the failing code wrote.
 * English stays as written (it carries the specific values); Kazakh and Russian come from
 * the catalogue, with the values recovered from the English where a template matches.
 */
export function localise(
  code: string,
  english: string,
  language: Language,
): { text: string; match: Match } {
  const texts = compiledTexts(code);
  if (!texts) return { text: english, match: 'none' };
  for (const { text, pattern, names } of texts) {
    if (!pattern) {
      if (text.en === english) return { text: text[language], match: 'exact' };
      continue;
    }
    const found = pattern.exec(english);
    if (!found) continue;
    const values: Record<string, string> = {};
    names.forEach((name, i) => {
      values[name] = found[i + 1] ?? '';
    });
    return { text: fill(text[language], values), match: 'template' };
  }
  if (language === 'en') return { text: english, match: 'general' };
  const general = texts.find((entry) => entry.pattern === undefined)?.text ?? texts[0]?.text;
  return { text: general ? general[language] : english, match: 'general' };
}

/** The title of a status in `language`. */
export function titleOf(status: number, english: string, language: Language): string {
  return TITLES[status]?.[language] ?? english;
}

/**
 * The reader's language from `Accept-Language` (RFC 9110 §12.5.4): the first of kk, ru,
 * en by quality, matching primary tags (`ru-RU` is ru); Kazakh when nothing matches.
 */
export function languageOf(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'kk';
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return {
        primary: tag.trim().split('-')[0] ?? '',
        q: Number.isNaN(quality) ? 0 : quality,
        index,
      };
    })
    .filter((range) => range.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { primary } of ranked) {
    if (primary === 'kk' || primary === 'ru' || primary === 'en') return primary;
  }
  return 'kk';
}
