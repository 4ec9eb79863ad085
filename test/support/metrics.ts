/** One Prometheus text exposition, parsed for assertions. */
export class Scrape {
  private constructor(
    readonly text: string,
    private readonly samples: { name: string; labels: Record<string, string>; value: number }[],
  ) {}

  static async from(url: string): Promise<Scrape> {
    const response = await fetch(url);
    if (response.status !== 200) throw new Error(`scraping ${url} answered ${response.status}`);
    const text = await response.text();
    const samples = text
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => {
        const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
        if (!match) throw new Error(`not a Prometheus sample: ${line}`);
        const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1]!, pair[2]!]));
        return { name: match[1]!, labels, value: Number(match[3]) };
      });
    return new Scrape(text, samples);
  }

  /** The sum of the samples of `name` whose labels include `labels`; 0 when there is none yet. */
  value(name: string, labels: Record<string, string> = {}): number {
    return this.samples
      .filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
      .reduce((sum, sample) => sum + sample.value, 0);
  }

  has(name: string): boolean {
    return this.samples.some((sample) => sample.name === name);
  }

  labelValues(label: string): string[] {
    return [...new Set(this.samples.map((sample) => sample.labels[label]).filter((value) => value !== undefined))];
  }
}
