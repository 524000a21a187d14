import { useQuery } from '@tanstack/react-query';
import { get } from './api/client.ts';

/** A code list of GET /koodisto/{name} (the registry's code lists, docs/COMPATIBILITY.md). */
export type CodeListName = 'maatjavaltiot2' | 'kieli' | 'kunta' | 'sukupuoli';

export interface Code {
  koodi: string;
  nimi: { fi: string; sv: string; en: string };
  voimassaLoppuPvm?: string;
}

/** The code list, fetched once a session (it changes only with a release). */
export function useCodeList(name: CodeListName): Code[] | undefined {
  const query = useQuery({
    queryKey: ['koodisto', name],
    queryFn: () => get<Code[]>('codeList', { params: { name } }),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
  });
  return query.data;
}

/** The code's name in the UI's language, from a loaded list (case-insensitive for languages). */
export function codeName(list: Code[] | undefined, code: string, language: string): string | undefined {
  const wanted = code.toUpperCase();
  const found = list?.find((c) => c.koodi.toUpperCase() === wanted);
  if (!found) return undefined;
  return language === 'sv' ? found.nimi.sv : language === 'en' ? found.nimi.en : found.nimi.fi;
}
