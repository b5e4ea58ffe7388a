/**
 * The printed form of 004 Annex 3 («Ақпараттық қауіпсіздік оқыс оқиғасының карточкасы»):
 * its rows in the official order with the official Kazakh labels, and their Russian
 * renderings, for the printable card (`GET /v1/incidents/{id}/card.pdf`).
 */
import type { CatalogueName } from './catalogue.js';

export type FormLanguage = 'kk' | 'ru';

export interface FormRow {
  /** The field of the canonical card. */
  field: string;
  kk: string;
  ru: string;
  /** The catalogue whose label the value is printed with. */
  catalogue?: CatalogueName;
  /** Sub-rows (Annex 3 «Егжей-тегжейліліктер»). */
  rows?: readonly FormRow[];
}

export const ANNEX3_TITLE: Readonly<Record<FormLanguage, string>> = {
  kk: 'Ақпараттық қауіпсіздік оқыс оқиғасының карточкасы',
  ru: 'Карточка инцидента информационной безопасности',
};

export const ANNEX3_ROWS: readonly FormRow[] = [
  {
    field: 'registeredAt',
    kk: 'Ақпараттық қауіпсіздіктің оқыс оқиғасы тіркелген күні',
    ru: 'Дата регистрации инцидента информационной безопасности',
  },
  {
    field: 'severity',
    kk: 'Ақпараттық қауіпсіздік оқыс оқиғасының маңыздылық деңгейі',
    ru: 'Уровень значимости инцидента информационной безопасности',
    catalogue: 'severity',
  },
  {
    field: 'type',
    kk: 'Ақпараттық қауіпсіздік оқыс оқиғасының түрі',
    ru: 'Тип инцидента информационной безопасности',
    catalogue: 'incidentType',
  },
  { field: 'scale', kk: 'Ауқымы', ru: 'Масштаб', catalogue: 'scale' },
  {
    field: 'details',
    kk: 'Егжей-тегжейліліктер',
    ru: 'Детализация',
    rows: [
      { field: 'occurredAt', kk: 'Туындау күні мен уақыты', ru: 'Дата и время возникновения' },
      { field: 'confirmedAt', kk: 'Растау күні мен уақыты', ru: 'Дата и время подтверждения' },
      {
        field: 'recurrence',
        kk: 'Қайта / жаңа',
        ru: 'Повторный / новый',
        catalogue: 'recurrence',
      },
      {
        field: 'iocs',
        kk: 'Жария ету индикаторы (IOC)',
        ru: 'Индикаторы компрометации (IOC)',
      },
    ],
  },
  { field: 'sign', kk: 'Белгісі', ru: 'Признак', catalogue: 'sign' },
  { field: 'perimeter', kk: 'Шеңбер', ru: 'Периметр', catalogue: 'perimeter' },
  {
    field: 'description',
    kk: 'Ақпараттық қауіпсіздік оқыс оқиғасының сипаты',
    ru: 'Описание инцидента информационной безопасности',
  },
  { field: 'consequences', kk: 'Салдары', ru: 'Последствия', catalogue: 'consequence' },
  { field: 'affectedObject', kk: 'Зиян келтірілген объект', ru: 'Пострадавший объект' },
  {
    field: 'actionsTaken',
    kk: 'Ақпараттық қауіпсіздіктің оқыс оқиғасын жою үшін қолданылған әрекеттер',
    ru: 'Действия, предпринятые для устранения инцидента информационной безопасности',
  },
  { field: 'note', kk: 'Ескертпе', ru: 'Примечание' },
];

/** Every label of the form (rows and sub-rows), in order. */
export function annex3Labels(language: FormLanguage): string[] {
  return ANNEX3_ROWS.flatMap((row) => [
    row[language],
    ...(row.rows ?? []).map((sub) => sub[language]),
  ]);
}

/** What the gateway adds below the form: the receipt and the clocks. */
export const GATEWAY_LABELS = {
  kk: {
    receipt: 'Шлюз қабылдауы',
    incident: 'Оқиға идентификаторы',
    soc: 'АҚЖО',
    version: 'Нұсқа',
    receivedAt: 'Қабылданған уақыты',
    sha256: 'SHA-256 (алынған күйінде)',
    clocks: 'Мерзімдер',
    kind: 'Міндет',
    state: 'Күйі',
    due: 'Мерзімі (Астана уақыты)',
    late: 'Кешігу',
    printed: 'Басып шығарылды',
  },
  ru: {
    receipt: 'Приём шлюзом',
    incident: 'Идентификатор инцидента',
    soc: 'ОЦИБ',
    version: 'Версия',
    receivedAt: 'Время получения',
    sha256: 'SHA-256 (как получено)',
    clocks: 'Сроки',
    kind: 'Обязанность',
    state: 'Состояние',
    due: 'Срок (время Астаны)',
    late: 'Опоздание',
    printed: 'Напечатано',
  },
} as const;
