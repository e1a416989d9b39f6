/** A shopper's historic CLV over time (pure): net revenue to date after each of their counted orders. */
export function cumulativeClv(orders: readonly { processedAt: string; netMinor: string; cancelled: boolean; test: boolean }[]): { at: string; minor: number }[] {
  let total = 0;
  return [...orders]
    .filter((order) => !order.cancelled && !order.test)
    .sort((a, b) => a.processedAt.localeCompare(b.processedAt))
    .map((order) => {
      total += Number(order.netMinor);
      return { at: order.processedAt, minor: total };
    });
}
