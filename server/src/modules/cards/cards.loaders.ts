import DataLoader from 'dataloader';
import type { CardEvent, OperatorCard } from './card.entity.js';
import type { CardsReadService } from './cards-reading.service.js';
import type { CardOperator } from './operator.entity.js';

const grouped = <T>(load: (ids: readonly string[]) => Promise<Map<string, T[]>>) =>
  new DataLoader<string, T[]>(async (ids) => {
    const groups = await load(ids);
    return ids.map((id) => groups.get(id) ?? []);
  });

const byId = <T extends { id: string }>(load: (ids: readonly string[]) => Promise<T[]>) =>
  new DataLoader<string, T | null>(async (ids) => {
    const found = new Map((await load(ids)).map((x) => [x.id, x]));
    return ids.map((id) => found.get(id) ?? null);
  });

/** Per-request batch loaders of the register (A16): one statement however many rows ask. */
export function createCardsLoaders(reading: CardsReadService) {
  return {
    eventsByCard: grouped<CardEvent>((ids) => reading.eventsOf(ids)),
    cardsByOperator: grouped<OperatorCard>((ids) => reading.cardsOf(ids)),
    operatorById: byId<CardOperator>((ids) => reading.operatorsByIds(ids)),
    cardById: byId<OperatorCard>((ids) => reading.cardsByIds(ids)),
  };
}
