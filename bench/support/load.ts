import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p99Milliseconds: number;
  errors: number;
  non2xx: number;
}

/** HTTP load on one URL for `seconds`, from this process (the server runs in another). */
export async function measureLoad(url: string, seconds: number, connections = 20): Promise<LoadResult> {
  const result = await autocannon({ url, connections, duration: seconds, pipelining: 1 });
  return {
    requestsPerSecond: result.requests.average,
    p99Milliseconds: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}
