import * as assert from 'assert';
import { RestartBudget } from '../../client/src/serverRestarts';

describe('client: bounded restarts of a dying server', () => {
  it('restarts four times in three minutes, then gives up and says so once', () => {
    let now = 0;
    const budget = new RestartBudget(4, 180_000, () => now);
    const decisions = Array.from({ length: 7 }, () => {
      now += 1000;
      return budget.serverStopped();
    });
    assert.deepStrictEqual(decisions.map((d) => d.restart), [true, true, true, true, false, false, false]);
    assert.deepStrictEqual(decisions.map((d) => !!d.message), [false, false, false, false, true, false, false]);
    assert.match(decisions[4].message!, /stopped 5 times in 3 minutes and will not be restarted/);
    assert.match(decisions[0].log, /restarting it \(1 of 4/);
  });

  it('forgets deaths older than the window', () => {
    let now = 0;
    const budget = new RestartBudget(2, 60_000, () => now);
    for (let i = 0; i < 10; i++) {
      now += 45_000;
      assert.ok(budget.serverStopped().restart, `death ${i + 1}, 45 s after the last`);
    }
  });
});
