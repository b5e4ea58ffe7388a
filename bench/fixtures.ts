/**
 * The benchmark's card: the complete card of SPEC §10 with a longer Kazakh
 * description, about 2 KB as JSON, and its XML twin rendered by the gateway itself.
 */
import { renderXml } from '../functions/core/wire/render-xml.js';

const LONG_DESCRIPTION = [
  'Файлдар шифрланды, бухгалтерия серверінде төлем талабы табылды.',
  'Шабуылдаушы VPN шлюзі арқылы ұрланған тіркелгі деректерімен кірген, содан кейін домен контроллеріне көшіп, топтық саясат арқылы шифрлаушыны таратқан.',
  'Зардап шеккен түйіндер: бухгалтерия сервері, екі файл сервері және он төрт жұмыс станциясы.',
  'Сақтық көшірмелер оқшауланған қоймада сақталған және зақымдалмаған; қалпына келтіру жоспары іске қосылды.',
  'Төлем талабындағы байланыс мекенжайы мен криптоәмиян IOC тізіміне енгізілді.',
  'Оқиға туралы иесіне хабарланды; желілік трафик журналдары мен жад үлгілері сот-техникалық талдау үшін сақталды.',
  'Ұқсас белгілер басқа ұйымдарда анықталса, АҚҰҰО-ға қосымша хабарлама жіберіледі.',
].join(' ');

/** A fresh copy of the ~2 KB complete card. */
export function benchCard(): Record<string, unknown> {
  return {
    socReference: 'SOC-ALPHA-2026-0042',
    registeredAt: '2026-11-20',
    severity: 3,
    type: 'ransomware',
    scale: 'individual',
    details: {
      occurredAt: '2026-11-20T08:55:00+05:00',
      confirmedAt: '2026-11-20T09:10:00+05:00',
      recurrence: 'new',
      iocs: [
        {
          type: 'sha256',
          value: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
        },
        { type: 'ipv4', value: '203.0.113.7' },
      ],
    },
    sign: 'actual',
    perimeter: 'internal',
    description: LONG_DESCRIPTION,
    consequences: ['availability', 'integrity'],
    affectedObject: {
      id: 'obj-billing',
      name: 'Billing server',
      kind: 'critical_ict_object',
      owner: 'owner-energo',
    },
    actionsTaken: 'Сервер желіден ажыратылды, сақтық көшірмеден қалпына келтіру басталды.',
    note: '',
  };
}

const encoder = new TextEncoder();

export const BENCH_CARD_JSON = encoder.encode(JSON.stringify(benchCard()));
export const BENCH_CARD_XML = encoder.encode(renderXml('incidentCard', benchCard()));

/** "Now" for the benchmark: after the card's timestamps, so it validates. */
export const BENCH_NOW = new Date('2026-11-21T06:00:00Z');
