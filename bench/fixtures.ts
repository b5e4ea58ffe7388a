/**
 * The benchmark's card: the complete card of docs/contract.md §10 with a longer Kazakh
 * description, about 2 KB as JSON, and its XML twin rendered by the gateway itself.
 */
import section10Card from '../events/incidentCard/section-10-complete-card.json' with {
  type: 'json',
};
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

/** A fresh copy of the ~2 KB complete card: the docs/contract.md §10 card with a longer description. */
export function benchCard(): Record<string, unknown> {
  return { ...structuredClone(section10Card), description: LONG_DESCRIPTION };
}

const encoder = new TextEncoder();

export const BENCH_CARD_JSON = encoder.encode(JSON.stringify(benchCard()));
export const BENCH_CARD_XML = encoder.encode(renderXml('incidentCard', benchCard()));

/** "Now" for the benchmark: after the card's timestamps, so it validates. */
export const BENCH_NOW = new Date('2026-11-21T06:00:00Z');
