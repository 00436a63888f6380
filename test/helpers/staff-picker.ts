// The staff pickers of /cards and /card-stock (issue 15) in a browser test: type the staff number
// into the search box, wait for the person among the options (the picker loads matches as one
// types, never the whole organisation chart), and choose them.
import type { Locator } from 'playwright-core';
import { expect } from 'vitest';

export async function pickStaff(scope: Locator, test: string, staffNumber: string): Promise<void> {
  await scope.locator(`[data-test=${test}-search]`).fill(staffNumber);
  const option = scope.locator(`[data-test=${test}] option`, { hasText: `(${staffNumber})` });
  // only the matches are offered: the one person (and the empty choice)
  await expect.poll(() => scope.locator(`[data-test=${test}] option`).count()).toBe(2);
  await expect.poll(() => option.count()).toBe(1);
  await scope.locator(`[data-test=${test}]`).selectOption((await option.getAttribute('value'))!);
}
